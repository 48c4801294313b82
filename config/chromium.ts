// Debian's chromium, which prints the PDF report and drives the browser tests (never a browser
// downloaded by a tool), and the flags it needs to run headless as root on a closed network
// (without the background-networking ones it keeps trying to reach Google's hosts).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_HEADLESS_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
