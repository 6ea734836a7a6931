/**
 * Passkeys (WebAuthn) as Cognito offers them to a signed-in user and at sign-in: registration
 * (`StartWebAuthnRegistration`, `CompleteWebAuthnRegistration`), `ListWebAuthnCredentials`,
 * `DeleteWebAuthnCredential`, and the `WEB_AUTHN` challenge of choice-based sign-in. Registrations and
 * assertions are verified with `@simplewebauthn/server`. Local pages run on `localhost`, so passkeys are
 * bound to the relying-party id `localhost` (any port, HTTP or HTTPS), whatever the pool names; user
 * verification is what the pool's `WebAuthnUserVerification` asks for. Attestation is `none`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-passkey
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StartWebAuthnRegistration.html
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CompleteWebAuthnRegistration.html
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { LOCAL_RELYING_PARTY_ID } from '../outputs';
import { FrontContext, frontPool, requirePool } from './context';
import { attributeOf, StoredUser } from './directory';
import { CognitoError, invalidParameter, notAuthorized, resourceNotFound } from './errors';
import type { PasskeyRecord } from './store';
import { userOfAccessToken } from './tokens';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** Origins a local page can have: `localhost` on any port, over HTTP or HTTPS. */
const LOCAL_ORIGIN = /^https?:\/\/localhost(:\d{1,5})?$/;

/** How long a registration may take, as Cognito's options say (`timeout`, milliseconds). */
const TIMEOUT_MS = 300_000;

/** The user verification a pool asks for: `required` or `preferred` (Cognito's default). */
function userVerification(front: FrontContext, poolId: string): 'required' | 'preferred' {
  return frontPool(front, poolId)?.webAuthn.userVerification === 'required' ? 'required' : 'preferred';
}

/** The origin a browser wrote into a credential's client data, if it is a local one. */
function originOf(clientDataJSON: unknown): string {
  let origin: unknown;
  try {
    origin = (JSON.parse(Buffer.from(String(clientDataJSON), 'base64url').toString('utf8')) as Input).origin;
  } catch {
    throw invalidParameter('Credential.response.clientDataJSON is not base64url-encoded JSON');
  }
  if (typeof origin !== 'string' || !LOCAL_ORIGIN.test(origin)) {
    throw new CognitoError(
      'WebAuthnOriginNotAllowedException',
      `The credential was made on ${String(origin)}; local passkeys work on http(s)://localhost:<port> only`,
    );
  }
  return origin;
}

function credentialObject(value: unknown, name: string): Input {
  const parsed = typeof value === 'string' ? safeJson(value) : value;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidParameter(`${name} must be a WebAuthn credential (a JSON object)`);
  }
  return parsed as Input;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const userKey = (poolId: string, username: string): string => `${poolId}/${username}`;

async function startWebAuthnRegistration(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user, clientId } = await userOfAccessToken(front, input.AccessToken);
  const pool = requirePool(front, poolId);
  requirePasskeysAllowed(pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors);
  const existing = front.store.passkeys(poolId, user.Username);
  const options = await generateRegistrationOptions({
    rpName: pool.Name ?? poolId,
    rpID: LOCAL_RELYING_PARTY_ID,
    userName: attributeOf(user, 'email') ?? user.Username,
    userID: Buffer.from(attributeOf(user, 'sub') ?? user.Username, 'utf8'),
    attestationType: 'none',
    timeout: TIMEOUT_MS,
    excludeCredentials: existing.map((p) => ({ id: p.id })),
    authenticatorSelection: {
      residentKey: 'required',
      userVerification: userVerification(front, poolId),
    },
  });
  front.webAuthnRegistrations.set(userKey(poolId, user.Username), {
    challenge: options.challenge,
    clientId,
    expiresAt: Date.now() + TIMEOUT_MS,
  });
  return { CredentialCreationOptions: options };
}

/** Passkeys need `WEB_AUTHN` among the pool's first factors. */
function requirePasskeysAllowed(factors: string[] | undefined): void {
  if (!(factors ?? []).includes('WEB_AUTHN')) {
    throw new CognitoError(
      'WebAuthnNotEnabledException',
      'Passkeys are not enabled for this user pool (AllowedFirstAuthFactors lacks WEB_AUTHN)',
    );
  }
}

async function completeWebAuthnRegistration(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user, clientId } = await userOfAccessToken(front, input.AccessToken);
  const key = userKey(poolId, user.Username);
  const pending = front.webAuthnRegistrations.get(key);
  if (!pending || pending.expiresAt < Date.now()) {
    front.webAuthnRegistrations.delete(key);
    throw new CognitoError(
      'WebAuthnChallengeNotFoundException',
      'No registration in progress for this user: call StartWebAuthnRegistration first',
    );
  }
  if (pending.clientId !== clientId) {
    throw new CognitoError(
      'WebAuthnClientMismatchException',
      'The access token is for another app client than the one that started the registration',
    );
  }
  const credential = credentialObject(input.Credential, 'Credential');
  const response = credential.response as Input | undefined;
  const origin = originOf(response?.clientDataJSON);
  const required = userVerification(front, poolId) === 'required';
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: credential as unknown as RegistrationResponseJSON,
      expectedChallenge: pending.challenge,
      expectedOrigin: origin,
      expectedRPID: LOCAL_RELYING_PARTY_ID,
      requireUserVerification: required,
    });
  } catch (e) {
    throw invalidParameter(
      `The passkey could not be verified: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (!verified.verified || !verified.registrationInfo) {
    throw invalidParameter('The passkey could not be verified');
  }
  front.webAuthnRegistrations.delete(key);
  const info = verified.registrationInfo;
  const transports = Array.isArray(response?.transports) ? response.transports.map(String) : [];
  const attachment = credential.authenticatorAttachment;
  front.store.addPasskey(poolId, user.Username, {
    id: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports,
    relyingPartyId: LOCAL_RELYING_PARTY_ID,
    ...(typeof attachment === 'string' ? { attachment } : {}),
    createdAt: Math.floor(Date.now() / 1000),
  });
  return {};
}

function listed(p: PasskeyRecord): Output {
  return {
    CredentialId: p.id,
    FriendlyCredentialName: p.friendlyName ?? `passkey ${p.id.slice(0, 8)}`,
    RelyingPartyId: p.relyingPartyId,
    ...(p.attachment ? { AuthenticatorAttachment: p.attachment } : {}),
    AuthenticatorTransports: p.transports,
    CreatedAt: p.createdAt,
  };
}

/** `ListWebAuthnCredentials`, with `MaxResults` (1 to 20, default 20) and `NextToken` (an offset). */
async function listWebAuthnCredentials(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user } = await userOfAccessToken(front, input.AccessToken);
  const all = front.store.passkeys(poolId, user.Username);
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : 20;
  if (!Number.isInteger(max) || max < 1 || max > 20) {
    throw invalidParameter(`MaxResults ${String(input.MaxResults)} must be between 1 and 20`);
  }
  const start = typeof input.NextToken === 'string' ? Number.parseInt(input.NextToken, 10) || 0 : 0;
  const page = all.slice(start, start + max);
  return {
    Credentials: page.map(listed),
    ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
  };
}

async function deleteWebAuthnCredential(front: FrontContext, input: Input): Promise<Output> {
  const { poolId, user } = await userOfAccessToken(front, input.AccessToken);
  if (typeof input.CredentialId !== 'string' || !input.CredentialId) {
    throw invalidParameter('Missing required parameter CredentialId');
  }
  if (!front.store.deletePasskey(poolId, user.Username, input.CredentialId)) {
    throw resourceNotFound('Credential not found');
  }
  return {};
}

/** The operations of the signed-in user's passkeys, by name. */
export const PASSKEY_OPERATIONS: Readonly<
  Record<string, (front: FrontContext, input: Input) => Promise<Output>>
> = {
  StartWebAuthnRegistration: startWebAuthnRegistration,
  CompleteWebAuthnRegistration: completeWebAuthnRegistration,
  ListWebAuthnCredentials: listWebAuthnCredentials,
  DeleteWebAuthnCredential: deleteWebAuthnCredential,
};

/** True when the user has a passkey to sign in with. */
export function hasPasskey(front: FrontContext, poolId: string, user: StoredUser): boolean {
  return front.store.passkeys(poolId, user.Username).length > 0;
}

/** The `CREDENTIAL_REQUEST_OPTIONS` of a WEB_AUTHN challenge and the challenge to expect back. */
export async function requestOptions(
  front: FrontContext,
  poolId: string,
  user: StoredUser,
): Promise<{ options: string; challenge: string }> {
  const options = await generateAuthenticationOptions({
    rpID: LOCAL_RELYING_PARTY_ID,
    timeout: TIMEOUT_MS,
    userVerification: userVerification(front, poolId),
    allowCredentials: front.store.passkeys(poolId, user.Username).map((p) => ({
      id: p.id,
      transports: p.transports as AuthenticatorTransport[],
    })),
  });
  return { options: JSON.stringify(options), challenge: options.challenge };
}

/**
 * Verifies the `CREDENTIAL` answer of a WEB_AUTHN challenge: one of the user's passkeys signed the
 * challenge on a local origin, with user verification when the pool requires it. A wrong answer reads
 * as Cognito's `NotAuthorizedException`.
 */
export async function verifyAssertion(
  front: FrontContext,
  poolId: string,
  user: StoredUser,
  challenge: string,
  answer: unknown,
): Promise<void> {
  if (answer === undefined) throw invalidParameter('Missing required parameter CREDENTIAL');
  const credential = credentialObject(answer, 'CREDENTIAL');
  const passkey = front.store.passkeys(poolId, user.Username).find((p) => p.id === credential.id);
  if (!passkey) throw notAuthorized('Incorrect username or passkey.');
  const origin = originOf((credential.response as Input | undefined)?.clientDataJSON);
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response: credential as unknown as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: LOCAL_RELYING_PARTY_ID,
      requireUserVerification: userVerification(front, poolId) === 'required',
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
      },
    });
  } catch {
    throw notAuthorized('Incorrect username or passkey.');
  }
  if (!result.verified) throw notAuthorized('Incorrect username or passkey.');
  front.store.setPasskeyCounter(poolId, user.Username, passkey.id, result.authenticationInfo.newCounter);
}
