import { escapeHtml } from './html.js';

/**
 * The sign-in page of the authorization-code flow. Vietnamese first, English
 * second; no scripts, so a strict Content-Security-Policy applies.
 */
export function loginPage(input: { uid: string; clientName: string; error?: string; username?: string }): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập · Sign in — Liên Thông</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }
  h1 { font-size: 1.4rem; } .en { color: #555; font-size: .9em; }
  label { display: block; margin-top: 1rem; } input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
  button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; } .error { color: #a00; font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>Đăng nhập Liên Thông <span class="en">· Sign in</span></h1>
<p>Ứng dụng <strong>${escapeHtml(input.clientName)}</strong> yêu cầu đăng nhập. <span class="en">The application asks you to sign in.</span></p>
${error}
<form method="post" action="/oauth2/interaction/${escapeHtml(input.uid)}/login">
  <label for="username">Tên đăng nhập <span class="en">· Username</span></label>
  <input id="username" name="username" autocomplete="username" required value="${escapeHtml(input.username ?? '')}">
  <label for="password">Mật khẩu <span class="en">· Password</span></label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Đăng nhập · Sign in</button>
</form>
</main>
</body>
</html>`;
}

export const LOGIN_ERRORS: Record<'invalid' | 'locked' | 'disabled' | 'demo', string> = {
  invalid: 'Sai tên đăng nhập hoặc mật khẩu. · Wrong username or password.',
  locked:
    'Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau 15 phút. · Account locked after repeated failures; try again in 15 minutes.',
  disabled: 'Tài khoản đã bị vô hiệu hóa. · This account is disabled.',
  demo: 'Tài khoản demo chỉ dùng trong chế độ demo. · Demo accounts work only in demo mode.',
};
