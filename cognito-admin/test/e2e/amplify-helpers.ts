/**
 * Amplify JS v6 against local mode, as an app would use it: `Amplify.configure` with the configuration
 * local mode writes, plus the two endpoints (the only change an app makes for local mode).
 */
import { Amplify } from 'aws-amplify';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { ConsoleLogger, parseAmplifyConfig } from 'aws-amplify/utils';
import { Secret, TOTP } from 'otpauth';
import type { LocalStack } from '../../src/local/start-local';

/** Amplify's token storage, readable by the test (refresh tokens are not otherwise exposed). */
export const amplifyStorage = new Map<string, string>();

// Amplify warns at every configure that the endpoints are custom: they are, on purpose.
ConsoleLogger.LOG_LEVEL = 'ERROR';

/**
 * Configures Amplify for local mode: the written outputs and the endpoints; optionally another client
 * (without the identity pool, whose providers name the template's clients only).
 */
export function configureAmplify(local: LocalStack, clientId?: string): void {
  const config = parseAmplifyConfig(local.outputs as unknown as Parameters<typeof parseAmplifyConfig>[0]);
  const cognito = config.Auth!.Cognito;
  cognito.userPoolEndpoint = local.endpoint;
  cognito.identityPoolEndpoint = local.endpoint;
  if (clientId) {
    (cognito as { userPoolClientId: string }).userPoolClientId = clientId;
    delete (cognito as { identityPoolId?: string }).identityPoolId;
  }
  Amplify.configure(config);
  cognitoUserPoolsTokenProvider.setKeyValueStorage({
    setItem: async (key, value) => void amplifyStorage.set(key, value),
    getItem: async (key) => amplifyStorage.get(key) ?? null,
    removeItem: async (key) => void amplifyStorage.delete(key),
    clear: async () => amplifyStorage.clear(),
  });
}

/** The refresh token Amplify holds for the user signed in through `clientId`. */
export function storedRefreshToken(clientId: string): string | undefined {
  const prefix = `CognitoIdentityServiceProvider.${clientId}.`;
  const user = amplifyStorage.get(`${prefix}LastAuthUser`);
  return amplifyStorage.get(`${prefix}${user}.refreshToken`);
}

/** A TOTP code for `secret`, `steps` 30-second steps from now. */
export function totpCode(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + steps * 30_000,
  });
}

/** The payload of a JWT, unverified. */
export function payloadOf(token: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from((token ?? '').split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
