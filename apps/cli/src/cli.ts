#!/usr/bin/env node
import * as tf from '@tensorflow/tfjs-core';
import { runCli } from './runCli.js';

// Production mode: no debug checks, and no "install tfjs-node" banner on stdout/stderr — the CLI
// reports the backend it chose (and why) itself.
tf.enableProdMode();

process.exitCode = await runCli(process.argv);
