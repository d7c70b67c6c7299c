// Preloaded into the backend by bench/soak.mjs (never by the product): appends
// the process's memory usage to SOAK_MEMORY_FILE every 5 s.
const fs = require('node:fs');

const file = process.env.SOAK_MEMORY_FILE;
if (file) {
  setInterval(() => {
    const m = process.memoryUsage();
    fs.appendFileSync(file, `${JSON.stringify({ t: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}\n`);
  }, 5000).unref();
}
