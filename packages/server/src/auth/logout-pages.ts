import type { KoaContextWithOIDC } from 'oidc-provider';

/*
 * The OAuth server's sign-out pages (RP-initiated logout), Vietnamese first,
 * English second, no scripts and nothing fetched from elsewhere (the
 * defaults load a web font). The web app ends the server session through the
 * same form without showing it (packages/web/src/auth/oauth.ts).
 */

const STYLE = `body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }
  h1 { font-size: 1.4rem; } .en { color: #555; font-size: .9em; } button { margin: 1rem .5rem 0 0; padding: .6rem 1.2rem; font-size: 1rem; }`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Liên Thông</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** "Sign out?": `form` is the OAuth server's own (its action and anti-forgery token). */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  ctx.type = 'html';
  ctx.body = page(
    'Đăng xuất · Sign out',
    `<h1>Đăng xuất khỏi Liên Thông? <span class="en">· Sign out of Liên Thông?</span></h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Đăng xuất · Sign out</button>
<button type="submit" form="op.logoutForm">Không · No</button>`,
  );
}

export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.type = 'html';
  ctx.body = page(
    'Đã đăng xuất · Signed out',
    `<h1>Bạn đã đăng xuất. <span class="en">· You are signed out.</span></h1>`,
  );
}
