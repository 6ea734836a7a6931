/**
 * The server side of Cognito's SRP-6a password verification (`USER_SRP_AUTH` and its
 * `PASSWORD_VERIFIER` challenge), as the client side in Amplify JS and the AWS SDKs computes it: the
 * 3072-bit group of RFC 5054 with g = 2, SHA-256, k = H(N | g), u = H(A | B),
 * x = H(salt | H(poolName | userId | ":" | password)), an HKDF-derived key (info "Caldera Derived Key")
 * and an HMAC-SHA256 signature over pool name, user id, secret block and timestamp. Big-number modular
 * exponentiation comes from `bigint-mod-arith`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-authentication-flow-methods.html#amazon-cognito-user-pools-authentication-flow-methods-srp
 */
import * as crypto from 'node:crypto';
import { modPow } from 'bigint-mod-arith';

const N = BigInt(
  '0x' +
    'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

/** Hex of a non-negative integer as Java's BigInteger.toByteArray() gives it: even length, a sign byte when needed. */
export function paddedHex(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return /^[89a-f]/i.test(hex) ? `00${hex}` : hex;
}

const sha256Hex = (data: Buffer | string): string => crypto.createHash('sha256').update(data).digest('hex');
const hashHex = (hex: string): string => sha256Hex(Buffer.from(hex, 'hex'));

const k = BigInt(`0x${hashHex(paddedHex(N) + paddedHex(g))}`);

/** The pool name part of a pool id (`eu-west-1_AbC` → `AbC`), which SRP hashes. */
export function srpPoolName(poolId: string): string {
  return poolId.split('_')[1] ?? '';
}

/** The verifier x and v for a user's password with `saltHex`. */
function verifier(poolName: string, userId: string, password: string, saltHex: string): bigint {
  const inner = sha256Hex(`${poolName}${userId}:${password}`);
  const x = BigInt(`0x${hashHex(paddedHex(BigInt(`0x${saltHex}`)) + inner)}`);
  return modPow(g, x, N);
}

/** The server's half of one SRP exchange, kept in the sign-in session between the two requests. */
export interface SrpServerState {
  readonly saltHex: string;
  readonly bHex: string;
  readonly BHex: string;
  readonly secretBlock: string;
  /** `USER_ID_FOR_SRP`: the user name the client hashes. */
  readonly userId: string;
}

/** Starts an exchange for a user whose password is `password`; throws on an invalid `A`. */
export function srpStart(poolId: string, userId: string, password: string, AHex: string): SrpServerState {
  const A = BigInt(`0x${AHex}`);
  if (A % N === 0n) throw new Error('SRP_A is not valid');
  const saltHex = crypto.randomBytes(16).toString('hex');
  const v = verifier(srpPoolName(poolId), userId, password, saltHex);
  let b: bigint;
  let B: bigint;
  do {
    b = BigInt(`0x${crypto.randomBytes(128).toString('hex')}`);
    B = (k * v + modPow(g, b, N)) % N;
  } while (B === 0n);
  return {
    saltHex: paddedHex(BigInt(`0x${saltHex}`)),
    bHex: b.toString(16),
    BHex: B.toString(16),
    secretBlock: crypto.randomBytes(64).toString('base64'),
    userId,
  };
}

/** The session key both sides derive. */
function sessionKey(poolId: string, password: string, AHex: string, state: SrpServerState): Buffer {
  const A = BigInt(`0x${AHex}`);
  const B = BigInt(`0x${state.BHex}`);
  const b = BigInt(`0x${state.bHex}`);
  const v = verifier(srpPoolName(poolId), state.userId, password, state.saltHex);
  const u = BigInt(`0x${hashHex(paddedHex(A) + paddedHex(B))}`);
  if (u === 0n) throw new Error('SRP u is zero');
  const S = modPow((A * modPow(v, u, N)) % N, b, N);
  const prk = crypto
    .createHmac('sha256', Buffer.from(paddedHex(u), 'hex'))
    .update(Buffer.from(paddedHex(S), 'hex'))
    .digest();
  return crypto
    .createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16);
}

/** The `PASSWORD_CLAIM_SIGNATURE` a client that knows the password sends. */
export function expectedSignature(
  poolId: string,
  password: string,
  AHex: string,
  state: SrpServerState,
  timestamp: string,
): string {
  const key = sessionKey(poolId, password, AHex, state);
  return crypto
    .createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(srpPoolName(poolId), 'utf8'),
        Buffer.from(state.userId, 'utf8'),
        Buffer.from(state.secretBlock, 'base64'),
        Buffer.from(timestamp, 'utf8'),
      ]),
    )
    .digest('base64');
}

/** True when `signature` proves knowledge of `password`; compared in constant time. */
export function verifySignature(
  poolId: string,
  password: string,
  AHex: string,
  state: SrpServerState,
  timestamp: string,
  signature: string,
): boolean {
  const expected = Buffer.from(expectedSignature(poolId, password, AHex, state, timestamp));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

/** Cognito's TIMESTAMP format: `Tue Sep 3 07:05:09 UTC 2024` (day of month not padded). */
export const SRP_TIMESTAMP =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d{2}:\d{2}:\d{2} UTC \d{4}$/;
