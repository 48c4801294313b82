// What the browser tests share: Debian's chromium launched headless (never a downloaded browser),
// and free loopback ports for a stack of their own.
import { createServer } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_HEADLESS_ARGS } from '../../config/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_HEADLESS_ARGS] });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
