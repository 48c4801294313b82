// A browser's visit to a portal over real HTTP: keeps cookies by name and path, follows no redirect
// (the tests look at the 303s), and posts forms as the portal's pages do.

export interface Page {
  status: number;
  location: string | null;
  body: string;
}

export class PortalVisitor {
  private jar = new Map<string, { name: string; value: string; path: string }>();
  constructor(readonly origin: string) {}

  private cookieHeader(path: string): string {
    return [...this.jar.values()]
      .filter((c) => c.path === '/' || path === c.path || path.startsWith(`${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private async send(path: string, init: RequestInit): Promise<Page> {
    const res = await fetch(`${this.origin}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader(path.split('?')[0]) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      this.jar.set(`${pair.slice(0, eq)}@${path}`, {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        path,
      });
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  get(path: string): Promise<Page> {
    return this.send(path, { method: 'GET' });
  }

  /** Posts the form of `page` that goes to `action`, with its hidden fields and `fields`. */
  post(page: Page, action: string, fields: Record<string, string> = {}): Promise<Page> {
    const start = page.body.indexOf(`action="${action}"`);
    if (start < 0) throw new Error(`no form posting to ${action} on the page`);
    // This form only: the next one on the page may be the report's multipart form.
    const end = page.body.indexOf('</form>', start);
    const form = page.body.slice(start, end < 0 ? undefined : end);
    const hidden = {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '',
      nonce: /name="nonce" value="([^"]+)"/.exec(form)?.[1] ?? '',
    };
    const multipart = form.includes('multipart/form-data');
    const all = { ...hidden, ...fields };
    if (multipart) {
      const body = new FormData();
      for (const [k, v] of Object.entries(all)) body.append(k, v);
      return this.send(action, { method: 'POST', body });
    }
    return this.send(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(all).toString(),
    });
  }
}
