#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import * as tf from '@tensorflow/tfjs-core';
import { runCli } from './runCli.js';

// Relaxed SIMD gives the training engine fused multiply-adds (≈ 1.4× faster steps). V8 has it on by
// default from Node 22; on Node 20 it is behind a flag, which must be set before any WebAssembly is compiled.
if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-relaxed-simd');

// Production mode: no debug checks, and no "install tfjs-node" banner on stdout/stderr — the CLI
// reports the backend it chose (and why) itself.
tf.enableProdMode();

process.exitCode = await runCli(process.argv);
