import { escapeHtml } from './html.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

/**
 * The sign-in page of the authorization-code flow. Vietnamese first, English
 * second; no scripts, so a strict Content-Security-Policy applies.
 */
export function loginPage(input: { uid: string; clientName: string; error?: string; username?: string }): string {
  return page(`<h1>Đăng nhập Liên Thông <span class="en">· Sign in</span></h1>
<p>Ứng dụng <strong>${escapeHtml(input.clientName)}</strong> yêu cầu đăng nhập. <span class="en">The application asks you to sign in.</span></p>
${errorLine(input.error)}
<form method="post" action="/oauth2/interaction/${escapeHtml(input.uid)}/login">
  <label for="username">Tên đăng nhập <span class="en">· Username</span></label>
  <input id="username" name="username" autocomplete="username" required value="${escapeHtml(input.username ?? '')}">
  <label for="password">Mật khẩu <span class="en">· Password</span></label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Đăng nhập · Sign in</button>
</form>`);
}

/**
 * Asked after a correct temporary password (a new account, or a reset by an
 * administrator): the person chooses their own password before the
 * application gets a token. The temporary password is not asked again: the
 * sign-in interaction remembers who passed it (oauth-routes.ts).
 */
export function changePasswordPage(input: { uid: string; username: string; error?: string }): string {
  return page(`<h1>Đặt mật khẩu mới <span class="en">· Choose a new password</span></h1>
<p>Tài khoản <strong>${escapeHtml(input.username)}</strong> đang dùng mật khẩu tạm thời do quản trị viên cấp. Hãy đặt mật khẩu của riêng bạn để tiếp tục.
<span class="en">This account has a temporary password from an administrator. Choose your own password to continue.</span></p>
<p id="rules">Tối thiểu ${MIN_PASSWORD_LENGTH} ký tự, không chứa tên đăng nhập, khác mật khẩu tạm thời.
<span class="en">At least ${MIN_PASSWORD_LENGTH} characters, not containing the username, not the temporary password.</span></p>
${errorLine(input.error)}
<form method="post" action="/oauth2/interaction/${escapeHtml(input.uid)}/password">
  <input type="hidden" name="username" autocomplete="username" value="${escapeHtml(input.username)}">
  <label for="new-password">Mật khẩu mới <span class="en">· New password</span></label>
  <input id="new-password" name="newPassword" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" aria-describedby="rules">
  <label for="confirm-password">Nhập lại mật khẩu mới <span class="en">· New password again</span></label>
  <input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required>
  <button type="submit">Lưu và tiếp tục · Save and continue</button>
</form>`);
}

function errorLine(error: string | undefined): string {
  return error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
}

function page(body: string): string {
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
${body}
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

export const CHANGE_PASSWORD_ERRORS: Record<'policy' | 'same' | 'mismatch' | 'expired', string> = {
  policy: `Mật khẩu mới chưa đạt yêu cầu: tối thiểu ${MIN_PASSWORD_LENGTH} ký tự, không chỉ lặp một ký tự hay toàn chữ số, không chứa tên đăng nhập. · The new password does not meet the rules: at least ${MIN_PASSWORD_LENGTH} characters, not one repeated character or digits only, not containing the username.`,
  same: 'Mật khẩu mới phải khác mật khẩu tạm thời. · The new password must differ from the temporary one.',
  mismatch: 'Hai lần nhập mật khẩu mới không khớp. · The two new passwords do not match.',
  expired:
    'Phiên đăng nhập đã hết hạn; hãy đăng nhập lại bằng mật khẩu tạm thời. · The sign-in has expired; sign in again with the temporary password.',
};
