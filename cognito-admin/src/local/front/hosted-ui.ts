/**
 * A minimal, real hosted UI for local mode, at the same host and port as the API, over HTTPS:
 * `/oauth2/authorize` (authorization code, PKCE with S256) with a plain sign-in page (then, as the pool
 * asks, a new password, a TOTP code or a TOTP setup), `/oauth2/token` (authorization_code,
 * refresh_token, client_credentials), `/oauth2/userInfo`, `/oauth2/revoke`, `/logout`, and each pool's
 * `/.well-known/openid-configuration` and JWKS. A sign-in leaves a session cookie, so that the next
 * authorization request of the same browser signs in without the page, as Cognito's does.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/userinfo-endpoint.html
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/logout-endpoint.html
 */
import * as crypto from 'node:crypto';
import { emulatorToken, firstFactors, maskDestination, oneTimeCode, OTP_ATTEMPTS, totpValid } from './auth';
import { FrontContext, frontPool } from './context';
import { attributeOf, StoredClient, StoredUser } from './directory';
import { CognitoError } from './errors';
import { checkNewPassword, recordPassword } from './passwords';
import { readable } from './rules';
import { ADMIN_SCOPE, mintClientToken, mintUserTokens, verifyToken } from './tokens';
import { runTrigger, triggerEvent } from './triggers';

/** An HTTP answer of the hosted UI. */
export interface WebAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: string;
}

/** An HTTP request as the hosted UI reads it. */
export interface WebRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The form or JSON body, parsed. */
  readonly form: URLSearchParams;
}

/** An authorization request, from `/oauth2/authorize` until a code is issued. */
interface AuthorizeRequest {
  readonly clientId: string;
  readonly poolId: string;
  readonly redirectUri: string;
  readonly scopes: string[];
  readonly state?: string;
  readonly codeChallenge?: string;
  readonly nonce?: string;
}

/** A sign-in on the page, between its steps. */
interface Transaction {
  readonly request: AuthorizeRequest;
  step: 'password' | 'new-password' | 'mfa' | 'mfa-setup' | 'email-otp';
  username?: string;
  secret?: string;
  /** For `email-otp`: the code sent and the wrong answers so far. */
  otp?: { readonly code: string; readonly destination: string; wrong: number };
  readonly expiresAt: number;
}

/** An issued authorization code. */
interface IssuedCode {
  readonly request: AuthorizeRequest;
  readonly username: string;
  readonly authTime: number;
  readonly expiresAt: number;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): WebAnswer => ({
  status,
  headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

const oauthError = (error: string, description?: string, status = 400): WebAnswer =>
  json(status, { error, ...(description ? { error_description: description } : {}) });

const redirect = (location: string, cookies: string[] = []): WebAnswer => ({
  status: 302,
  headers: { Location: location, ...(cookies.length ? { 'Set-Cookie': cookies } : {}) },
  body: '',
});

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(title: string, content: string, status = 200): WebAnswer {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1.2rem;padding:.6rem 1.2rem}.error{color:#b00020}.note{color:#666;font-size:.85rem}
code{word-break:break-all}</style></head>
<body><main><h1>${escape(title)}</h1>${content}
<p class="note">cdk-cognito-auth local mode: this page stands in for Cognito's managed login.</p></main></body></html>`;
  return {
    status,
    headers: { 'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store' },
    body: html,
  };
}

function errorPage(message: string, status = 400): WebAnswer {
  return page('Sign-in error', `<p class="error" role="alert">${escape(message)}</p>`, status);
}

/** Cookie values of a request. */
function cookies(req: WebRequest): Record<string, string> {
  const header = req.headers.cookie;
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** The hosted UI of local mode. */
export class HostedUi {
  private readonly transactions = new Map<string, Transaction>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly cookieKey: Buffer;

  constructor(private readonly front: FrontContext) {
    this.cookieKey = crypto
      .createHash('sha256')
      .update(front.key.privateKey.export({ format: 'der', type: 'pkcs8' }))
      .update('session-cookie')
      .digest();
  }

  /** Answers a request for a hosted-UI path, or returns undefined when the path is not one. */
  async handle(req: WebRequest): Promise<WebAnswer | undefined> {
    const path = req.url.pathname;
    try {
      if (path === '/oauth2/authorize' && req.method === 'GET') return await this.authorize(req);
      if (path === '/login' && req.method === 'POST') return await this.login(req);
      if (path === '/oauth2/token' && req.method === 'POST') return await this.token(req);
      if (path.toLowerCase() === '/oauth2/userinfo' && (req.method === 'GET' || req.method === 'POST'))
        return await this.userInfo(req);
      if (path === '/oauth2/revoke' && req.method === 'POST') return this.revoke(req);
      if (path === '/logout' && req.method === 'GET') return this.logout(req);
      const wellKnown = /^\/([\w-]+)\/\.well-known\/(openid-configuration|jwks\.json)$/.exec(path);
      if (wellKnown && req.method === 'GET') return this.wellKnown(wellKnown[1], wellKnown[2]);
      if (/^\/[\w-]+\/\.well-known\/jwks\.json$/.test(path)) return json(200, { keys: [this.front.key.jwk] });
    } catch (e) {
      if (e instanceof CognitoError) return oauthError('invalid_request', e.message);
      throw e;
    }
    return undefined;
  }

  private wellKnown(poolId: string, what: string): WebAnswer | undefined {
    if (poolId === 'cognito-identity' && what === 'jwks.json')
      return json(200, { keys: [this.front.key.jwk] });
    if (!this.front.directory.pool(poolId)) return undefined;
    if (what === 'jwks.json') return json(200, { keys: [this.front.key.jwk] });
    const issuer = this.front.issuer(poolId);
    const base = this.front.hostedUiBase;
    return json(200, {
      issuer,
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      userinfo_endpoint: `${base}/oauth2/userInfo`,
      revocation_endpoint: `${base}/oauth2/revoke`,
      end_session_endpoint: `${base}/logout`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
    });
  }

  // ---------- /oauth2/authorize and the sign-in page ----------

  private async authorize(req: WebRequest): Promise<WebAnswer> {
    const q = req.url.searchParams;
    const client = this.front.directory.client(q.get('client_id') ?? '');
    if (!client) return errorPage('The client_id is not a client of a local user pool.');
    const redirectUri = q.get('redirect_uri') ?? client.DefaultRedirectURI ?? '';
    if (!(client.CallbackURLs ?? []).includes(redirectUri)) {
      return errorPage(
        `redirect_uri ${redirectUri || '(none)'} is not a callback URL of this client (redirect_mismatch).`,
      );
    }
    const back = (error: string, description: string): WebAnswer => {
      const url = new URL(redirectUri);
      url.searchParams.set('error', error);
      url.searchParams.set('error_description', description);
      if (q.get('state')) url.searchParams.set('state', q.get('state')!);
      return redirect(url.toString());
    };
    if (!client.AllowedOAuthFlowsUserPoolClient)
      return back('unauthorized_client', 'The client is not allowed OAuth flows');
    if (q.get('response_type') !== 'code')
      return back('unsupported_response_type', 'Local mode supports response_type=code');
    if (!(client.AllowedOAuthFlows ?? []).includes('code'))
      return back('unauthorized_client', 'The client does not allow the code grant');
    const provider = q.get('identity_provider');
    if (provider && provider !== 'COGNITO') {
      return errorPage(
        `Sign-in with ${provider} is not available in local mode: federated identity providers are not emulated.`,
      );
    }
    const allowed = client.AllowedOAuthScopes ?? [];
    const scopes = (q.get('scope') ?? allowed.join(' ')).split(/[\s+]+/).filter(Boolean);
    const unknown = scopes.filter((s) => !allowed.includes(s));
    if (unknown.length) return back('invalid_scope', `${unknown.join(' ')} not allowed for this client`);
    const challenge = q.get('code_challenge') ?? undefined;
    if (challenge && q.get('code_challenge_method') !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256');
    const request: AuthorizeRequest = {
      clientId: client.ClientId,
      poolId: client.UserPoolId,
      redirectUri,
      scopes,
      ...(q.get('state') ? { state: q.get('state')! } : {}),
      ...(challenge ? { codeChallenge: challenge } : {}),
      ...(q.get('nonce') ? { nonce: q.get('nonce')! } : {}),
    };
    const session = this.readSession(req, client.UserPoolId);
    if (session && q.get('prompt') !== 'login') {
      const user = this.front.directory.findUser(client.UserPoolId, session.username);
      if (user?.Enabled) return this.issueCode(request, user, session.authTime);
    }
    if (q.get('prompt') === 'none') return back('login_required', 'The user is not signed in');
    const tx = this.newTransaction(request);
    return this.passwordPage(tx, client, '', q.get('login_hint') ?? '');
  }

  private newTransaction(request: AuthorizeRequest): string {
    const now = Date.now() / 1000;
    for (const [id, t] of this.transactions) if (t.expiresAt < now) this.transactions.delete(id);
    const id = crypto.randomBytes(24).toString('base64url');
    this.transactions.set(id, { request, step: 'password', expiresAt: now + 900 });
    return id;
  }

  /**
   * Managed login offers "Email me a code" to clients with choice-based sign-in (ALLOW_USER_AUTH) when
   * the pool allows EMAIL_OTP as a first factor.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-managedlogin.html
   */
  private offersEmailCode(client: StoredClient): boolean {
    const pool = this.front.directory.pool(client.UserPoolId);
    return (
      (client.ExplicitAuthFlows ?? []).includes('ALLOW_USER_AUTH') &&
      (pool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? []).includes('EMAIL_OTP')
    );
  }

  private passwordPage(tx: string, client: StoredClient, error: string, username = ''): WebAnswer {
    const emailCode = this.offersEmailCode(client)
      ? '\n<button type="submit" name="factor" value="EMAIL_OTP" formnovalidate>Email me a code</button>'
      : '';
    return page(
      'Sign in',
      `<p>to <strong>${escape(client.ClientName ?? client.ClientId)}</strong></p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="tx" value="${tx}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${escape(username)}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>${emailCode}
</form>`,
    );
  }

  private stepPage(tx: string, t: Transaction, error = ''): WebAnswer {
    const err = error ? `<p class="error" role="alert">${escape(error)}</p>` : '';
    if (t.step === 'new-password') {
      return page(
        'Set a new password',
        `${err}<form method="post" action="/login"><input type="hidden" name="tx" value="${tx}">
<label for="new_password">New password</label><input id="new_password" name="new_password" type="password" autocomplete="new-password" required>
<button type="submit">Set password</button></form>`,
      );
    }
    if (t.step === 'email-otp') {
      return page(
        'Enter your code',
        `${err}<p>We e-mailed a sign-in code to ${escape(maskDestination(t.otp?.destination ?? ''))}.</p>
<form method="post" action="/login"><input type="hidden" name="tx" value="${tx}">
<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Sign in</button></form>`,
      );
    }
    if (t.step === 'mfa') {
      return page(
        'Enter your code',
        `${err}<form method="post" action="/login"><input type="hidden" name="tx" value="${tx}">
<label for="code">Code from your authenticator app</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Sign in</button></form>`,
      );
    }
    const uri = `otpauth://totp/${encodeURIComponent(t.request.poolId)}:${encodeURIComponent(t.username ?? '')}?secret=${t.secret}&issuer=${encodeURIComponent(t.request.poolId)}`;
    return page(
      'Set up an authenticator app',
      `${err}<p>Add this key to your authenticator app:</p><p><code id="secret">${escape(t.secret ?? '')}</code></p>
<p class="note"><code>${escape(uri)}</code></p>
<form method="post" action="/login"><input type="hidden" name="tx" value="${tx}">
<label for="code">Code from your authenticator app</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit">Verify</button></form>`,
    );
  }

  private async login(req: WebRequest): Promise<WebAnswer> {
    const txId = req.form.get('tx') ?? '';
    const t = this.transactions.get(txId);
    if (!t || t.expiresAt < Date.now() / 1000)
      return errorPage('This sign-in has expired; start again from the application.');
    const client = this.front.directory.client(t.request.clientId);
    const pool = this.front.directory.pool(t.request.poolId);
    if (!client || !pool) return errorPage('The client no longer exists.');
    if (t.step === 'password' && req.form.get('factor') === 'EMAIL_OTP')
      return this.startEmailCode(req, txId, t);
    if (t.step === 'password') {
      const name = req.form.get('username') ?? '';
      const user = this.front.directory.findUser(pool.Id, name);
      if (
        !user ||
        user.Password !== req.form.get('password') ||
        this.front.store.isPasswordless(pool.Id, user.Username)
      )
        return this.passwordPage(txId, client, 'Incorrect username or password.', name);
      if (!user.Enabled) return this.passwordPage(txId, client, 'User is disabled.', name);
      if (user.UserStatus === 'UNCONFIRMED')
        return this.passwordPage(txId, client, 'User is not confirmed.', name);
      if (user.UserStatus === 'RESET_REQUIRED')
        return this.passwordPage(
          txId,
          client,
          'Password reset required for the user: set a new one with the code that was sent (forgot password).',
          name,
        );
      const refused = await this.preAuthentication(pool.Id, client.ClientId, user);
      if (refused) return this.passwordPage(txId, client, refused, name);
      t.username = user.Username;
      if (user.UserStatus === 'FORCE_CHANGE_PASSWORD') {
        t.step = 'new-password';
        return this.stepPage(txId, t);
      }
      return this.afterPassword(txId, t, user);
    }
    const user = this.front.directory.findUser(pool.Id, t.username ?? '');
    if (!user) return errorPage('The user no longer exists.');
    if (t.step === 'new-password') {
      try {
        await checkNewPassword(this.front, pool, user.Username, req.form.get('new_password') ?? '');
      } catch (e) {
        if (e instanceof CognitoError) return this.stepPage(txId, t, e.message);
        throw e;
      }
      const password = req.form.get('new_password')!;
      await this.front.emulator.call('AdminSetUserPassword', {
        UserPoolId: pool.Id,
        Username: user.Username,
        Password: password,
        Permanent: true,
      });
      recordPassword(this.front, pool, user.Username, password);
      return this.afterPassword(txId, t, this.front.directory.findUser(pool.Id, user.Username) ?? user);
    }
    if (t.step === 'email-otp') {
      const otp = t.otp!;
      if (req.form.get('code') !== otp.code) {
        otp.wrong++;
        if (otp.wrong >= OTP_ATTEMPTS) {
          this.transactions.delete(txId);
          return errorPage('Too many wrong codes; start again from the application.');
        }
        return this.stepPage(txId, t, 'Invalid code or auth state for the user.');
      }
      return this.signedIn(txId, t, user);
    }
    if (t.step === 'mfa') {
      if (!totpValid(user.SoftwareTokenMfaConfiguration?.Secret, req.form.get('code')))
        return this.stepPage(txId, t, 'Invalid code received for user');
      return this.signedIn(txId, t, user);
    }
    // mfa-setup
    const code = req.form.get('code') ?? '';
    if (!totpValid(user.SoftwareTokenMfaConfiguration?.Secret, code))
      return this.stepPage(txId, t, 'Code mismatch');
    await this.front.emulator.call('VerifySoftwareToken', {
      AccessToken: await emulatorToken(this.front, pool.Id, client.ClientId, user),
      UserCode: code,
    });
    return this.signedIn(txId, t, this.front.directory.findUser(pool.Id, user.Username) ?? user);
  }

  /** Runs PreAuthentication; returns the trigger's refusal, if any. */
  private async preAuthentication(
    poolId: string,
    clientId: string,
    user: StoredUser,
  ): Promise<string | undefined> {
    try {
      await runTrigger(
        this.front.invoker,
        frontPool(this.front, poolId),
        'PreAuthentication',
        triggerEvent(
          '1',
          'PreAuthentication_Authentication',
          this.front.stack.region,
          poolId,
          user.Username,
          clientId,
          {
            userAttributes: Object.fromEntries(user.Attributes.map((a) => [a.Name, a.Value ?? ''])),
            userNotFound: false,
          },
          {},
        ),
      );
      return undefined;
    } catch (e) {
      if (e instanceof CognitoError) return e.message;
      throw e;
    }
  }

  /** "Email me a code": a one-time code to the user's verified address, as USER_AUTH's EMAIL_OTP. */
  private async startEmailCode(req: WebRequest, txId: string, t: Transaction): Promise<WebAnswer> {
    const client = this.front.directory.client(t.request.clientId)!;
    const pool = this.front.directory.pool(t.request.poolId)!;
    const name = req.form.get('username') ?? '';
    const user = this.front.directory.findUser(pool.Id, name);
    if (!this.offersEmailCode(client) || !user || !firstFactors(this.front, pool, user).includes('EMAIL_OTP'))
      return this.passwordPage(
        txId,
        client,
        'Sign-in with an e-mailed code is not available for this user.',
        name,
      );
    if (!user.Enabled) return this.passwordPage(txId, client, 'User is disabled.', name);
    if (user.UserStatus === 'UNCONFIRMED')
      return this.passwordPage(txId, client, 'User is not confirmed.', name);
    const destination = attributeOf(user, 'email') ?? '';
    const code = oneTimeCode(this.front);
    this.front.deliver({ username: user.Username, destination, code, purpose: 'EMAIL_OTP sign-in' });
    t.username = user.Username;
    t.step = 'email-otp';
    t.otp = { code, destination, wrong: 0 };
    return this.stepPage(txId, t);
  }

  private async afterPassword(txId: string, t: Transaction, user: StoredUser): Promise<WebAnswer> {
    const pool = this.front.directory.pool(t.request.poolId);
    const mode = pool?.MfaConfiguration ?? 'OFF';
    const totp =
      (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA') &&
      user.SoftwareTokenMfaConfiguration?.Verified === true;
    if (mode !== 'OFF' && totp) {
      t.step = 'mfa';
      return this.stepPage(txId, t);
    }
    if (mode === 'ON') {
      const out = await this.front.emulator.call<{ SecretCode: string }>('AssociateSoftwareToken', {
        AccessToken: await emulatorToken(this.front, t.request.poolId, t.request.clientId, user),
      });
      t.step = 'mfa-setup';
      t.secret = out.SecretCode;
      return this.stepPage(txId, t);
    }
    return this.signedIn(txId, t, user);
  }

  private async signedIn(txId: string, t: Transaction, user: StoredUser): Promise<WebAnswer> {
    this.transactions.delete(txId);
    const authTime = Math.floor(Date.now() / 1000);
    await runTrigger(
      this.front.invoker,
      frontPool(this.front, t.request.poolId),
      'PostAuthentication',
      triggerEvent(
        '1',
        'PostAuthentication_Authentication',
        this.front.stack.region,
        t.request.poolId,
        user.Username,
        t.request.clientId,
        {
          userAttributes: Object.fromEntries(user.Attributes.map((a) => [a.Name, a.Value ?? ''])),
          newDeviceUsed: false,
        },
        {},
      ),
    );
    return this.issueCode(t.request, user, authTime, [
      this.sessionCookie(t.request.poolId, user.Username, authTime),
    ]);
  }

  private issueCode(
    request: AuthorizeRequest,
    user: StoredUser,
    authTime: number,
    setCookies: string[] = [],
  ): WebAnswer {
    const code = crypto.randomUUID();
    this.codes.set(code, { request, username: user.Username, authTime, expiresAt: Date.now() / 1000 + 300 });
    const url = new URL(request.redirectUri);
    url.searchParams.set('code', code);
    if (request.state) url.searchParams.set('state', request.state);
    return redirect(url.toString(), setCookies);
  }

  // ---------- the sign-in session cookie ----------

  private cookieName(poolId: string): string {
    return `cognito-local-${poolId}`;
  }

  private sessionCookie(poolId: string, username: string, authTime: number): string {
    const value = Buffer.from(JSON.stringify({ u: username, t: authTime })).toString('base64url');
    const mac = crypto.createHmac('sha256', this.cookieKey).update(`${poolId}.${value}`).digest('base64url');
    return `${this.cookieName(poolId)}=${value}.${mac}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=3600`;
  }

  private readSession(req: WebRequest, poolId: string): { username: string; authTime: number } | undefined {
    const raw = cookies(req)[this.cookieName(poolId)];
    if (!raw) return undefined;
    const [value, mac] = raw.split('.');
    const expected = crypto
      .createHmac('sha256', this.cookieKey)
      .update(`${poolId}.${value}`)
      .digest('base64url');
    if (!mac || mac !== expected) return undefined;
    try {
      const s = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { u: string; t: number };
      return Date.now() / 1000 - s.t < 3600 ? { username: s.u, authTime: s.t } : undefined;
    } catch {
      return undefined;
    }
  }

  // ---------- /oauth2/token ----------

  /** The client a token request authenticates as: HTTP Basic, or client_id (and client_secret) in the form. */
  private tokenClient(req: WebRequest): StoredClient | WebAnswer {
    const auth = req.headers.authorization;
    let id = req.form.get('client_id') ?? undefined;
    let secret = req.form.get('client_secret') ?? undefined;
    if (typeof auth === 'string' && auth.startsWith('Basic ')) {
      const [u, p] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      id = decodeURIComponent(u);
      secret = decodeURIComponent(p ?? '');
    }
    const client = id ? this.front.directory.client(id) : undefined;
    if (!client) return oauthError('invalid_client', undefined, 400);
    if (client.ClientSecret && client.ClientSecret !== secret)
      return oauthError('invalid_client', 'Client authentication failed', 400);
    return client;
  }

  private async token(req: WebRequest): Promise<WebAnswer> {
    const client = this.tokenClient(req);
    if ('status' in client) return client;
    const grant = req.form.get('grant_type');
    if (grant === 'authorization_code') return this.codeGrant(req, client);
    if (grant === 'refresh_token') return this.refreshGrant(req, client);
    if (grant === 'client_credentials') return this.clientCredentials(req, client);
    return oauthError('unsupported_grant_type');
  }

  private async codeGrant(req: WebRequest, client: StoredClient): Promise<WebAnswer> {
    const code = this.codes.get(req.form.get('code') ?? '');
    if (code) this.codes.delete(req.form.get('code')!);
    if (!code || code.expiresAt < Date.now() / 1000 || code.request.clientId !== client.ClientId)
      return oauthError('invalid_grant');
    if (req.form.get('redirect_uri') !== code.request.redirectUri)
      return oauthError('invalid_grant', 'redirect_uri mismatch');
    if (code.request.codeChallenge) {
      const verifier = req.form.get('code_verifier') ?? '';
      const hashed = crypto.createHash('sha256').update(verifier).digest('base64url');
      if (hashed !== code.request.codeChallenge)
        return oauthError('invalid_grant', 'code_verifier does not match code_challenge');
    }
    const user = this.front.directory.findUser(code.request.poolId, code.username);
    if (!user || !user.Enabled) return oauthError('invalid_grant', 'User is disabled.');
    const tokens = await mintUserTokens(this.front, {
      poolId: code.request.poolId,
      client,
      user,
      source: 'TokenGeneration_HostedAuth',
      scopes: code.request.scopes,
      idToken: code.request.scopes.includes('openid'),
      refreshToken: true,
      session: { originJti: crypto.randomUUID(), authTime: code.authTime },
      ...(code.request.nonce ? { nonce: code.request.nonce } : {}),
    });
    return json(200, {
      ...(tokens.IdToken ? { id_token: tokens.IdToken } : {}),
      access_token: tokens.AccessToken,
      refresh_token: tokens.RefreshToken,
      expires_in: tokens.ExpiresIn,
      token_type: 'Bearer',
    });
  }

  private async refreshGrant(req: WebRequest, client: StoredClient): Promise<WebAnswer> {
    const token = req.form.get('refresh_token') ?? '';
    const record = this.front.store.refresh(token);
    const now = Math.floor(Date.now() / 1000);
    if (
      !record ||
      record.clientId !== client.ClientId ||
      record.revoked ||
      record.expiresAt < now ||
      (record.rotatedUntil !== undefined && Date.now() >= record.rotatedUntil)
    ) {
      return oauthError('invalid_grant');
    }
    const user = this.front.directory.findUser(record.poolId, record.username);
    if (!user || !user.Enabled) return oauthError('invalid_grant', 'User is disabled.');
    const rotation = this.front.store.clientExtras(client.ClientId).RefreshTokenRotation;
    const rotate = rotation?.Feature === 'ENABLED';
    const scopes = record.scopes ?? [ADMIN_SCOPE];
    const tokens = await mintUserTokens(this.front, {
      poolId: record.poolId,
      client,
      user,
      source: 'TokenGeneration_RefreshTokens',
      scopes,
      idToken: !record.scopes || record.scopes.includes('openid'),
      refreshToken: rotate,
      session: { originJti: record.originJti, authTime: record.authTime },
    });
    if (rotate) this.front.store.rotate(token, Date.now() + (rotation?.RetryGracePeriodSeconds ?? 0) * 1000);
    return json(200, {
      ...(tokens.IdToken ? { id_token: tokens.IdToken } : {}),
      access_token: tokens.AccessToken,
      ...(tokens.RefreshToken ? { refresh_token: tokens.RefreshToken } : {}),
      expires_in: tokens.ExpiresIn,
      token_type: 'Bearer',
    });
  }

  /** Machine-to-machine tokens: a client with a secret, the client_credentials flow and custom scopes. */
  private async clientCredentials(req: WebRequest, client: StoredClient): Promise<WebAnswer> {
    if (!client.ClientSecret)
      return oauthError('invalid_client', 'client_credentials needs a client with a secret');
    if (
      !client.AllowedOAuthFlowsUserPoolClient ||
      !(client.AllowedOAuthFlows ?? []).includes('client_credentials')
    ) {
      return oauthError('unauthorized_client');
    }
    const allowed = client.AllowedOAuthScopes ?? [];
    const requested = (req.form.get('scope') ?? allowed.join(' ')).split(/\s+/).filter(Boolean);
    if (!requested.length || requested.some((s) => !allowed.includes(s))) return oauthError('invalid_scope');
    const tokens = await mintClientToken(this.front, client.UserPoolId, client, requested);
    return json(200, {
      access_token: tokens.AccessToken,
      expires_in: tokens.ExpiresIn,
      token_type: 'Bearer',
    });
  }

  // ---------- /oauth2/userInfo, /oauth2/revoke, /logout ----------

  private async userInfo(req: WebRequest): Promise<WebAnswer> {
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const unauthorized = (description: string): WebAnswer =>
      json(
        401,
        { error: 'invalid_token', error_description: description },
        { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
      );
    let verified;
    try {
      verified = await verifyToken(this.front, token, 'access');
    } catch (e) {
      return unauthorized(e instanceof Error ? e.message : 'Invalid Access Token');
    }
    const scopes = String(verified.claims.scope ?? '').split(' ');
    if (!scopes.includes('openid') && !scopes.includes(ADMIN_SCOPE))
      return unauthorized('Access token does not contain openid scope');
    const user = this.front.directory.findUser(verified.poolId, String(verified.claims.username ?? ''));
    if (!user || !user.Enabled) return unauthorized('User is disabled.');
    const client = this.front.directory.client(String(verified.claims.client_id));
    const byScope: Record<string, string[]> = {
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
      profile: [
        'name',
        'family_name',
        'given_name',
        'middle_name',
        'nickname',
        'preferred_username',
        'profile',
        'picture',
        'website',
        'gender',
        'birthdate',
        'zoneinfo',
        'locale',
        'updated_at',
        'address',
      ],
    };
    const all = scopes.includes(ADMIN_SCOPE);
    const out: Record<string, string> = { sub: attributeOf(user, 'sub') ?? user.Username };
    for (const a of user.Attributes) {
      if (a.Value === undefined || a.Name === 'sub' || !readable(client, a.Name)) continue;
      const granted =
        all ||
        Object.entries(byScope).some(([scope, names]) => scopes.includes(scope) && names.includes(a.Name));
      if (granted) out[a.Name] = a.Value;
    }
    out.username = user.Username;
    return json(200, out);
  }

  private revoke(req: WebRequest): WebAnswer {
    const client = this.tokenClient(req);
    if ('status' in client) return client;
    const record = this.front.store.refresh(req.form.get('token') ?? '');
    if (record && record.clientId === client.ClientId)
      this.front.store.revokeOrigin(record.originJti, record.expiresAt);
    return { status: 200, headers: {}, body: '' };
  }

  private logout(req: WebRequest): WebAnswer {
    const q = req.url.searchParams;
    const client = this.front.directory.client(q.get('client_id') ?? '');
    if (!client) return errorPage('The client_id is not a client of a local user pool.');
    const clear = `${this.cookieName(client.UserPoolId)}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;
    const logoutUri = q.get('logout_uri');
    if (logoutUri) {
      if (!(client.LogoutURLs ?? []).includes(logoutUri))
        return errorPage(`logout_uri ${logoutUri} is not a sign-out URL of this client.`);
      return redirect(logoutUri, [clear]);
    }
    const redirectUri = q.get('redirect_uri');
    if (redirectUri && (client.CallbackURLs ?? []).includes(redirectUri)) {
      const url = new URL(`${this.front.hostedUiBase}/oauth2/authorize`);
      for (const name of ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']) {
        const v = q.get(name);
        if (v) url.searchParams.set(name, v);
      }
      return redirect(url.toString(), [clear]);
    }
    return errorPage('logout needs logout_uri (a sign-out URL of the client) or redirect_uri.');
  }
}
