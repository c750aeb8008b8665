// Preloaded into a child Node process (`node --import <this file> ...`) by the bench driver.
// At exit it writes the process's own peak resident set size (getrusage ru_maxrss, KiB on
// Linux) to the file named by $MNIST_KIT_BENCH_RSS_FILE. node:fs is already loaded by Node's
// bootstrap, so this adds next to nothing to start-up time.
import { writeFileSync } from 'node:fs';

const target = process.env.MNIST_KIT_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      writeFileSync(target, String(process.resourceUsage().maxRSS));
    } catch {
      // best effort: the driver reports n/a
    }
  });
}
