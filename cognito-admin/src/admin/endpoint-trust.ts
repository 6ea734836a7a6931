import { isIP } from 'node:net';
import { AdminError, EXIT_USAGE } from './errors';

/** True for a host name or address of this machine: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

/** True for an AWS service host (`cognito-idp.eu-west-1.amazonaws.com`, China Regions included). */
export function isAwsHost(host: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$/i.test(host) || /(^|\.)api\.aws$/i.test(host);
}

/**
 * Refuses a configuration file that points a real-looking user pool (`eu-west-1_AbC123`) at an endpoint
 * that is neither AWS nor this machine, unless `trusted`. Such a file (one received, or edited by someone
 * else) would send passwords, tokens, client secrets and imported users' data to that host; a local
 * emulator pool (`local_...`) or an endpoint given on the command line is the user's own choice.
 *
 * @param source where the endpoint comes from, for the message (e.g. the configuration file's path)
 */
export function checkConfigEndpoint(
  userPoolId: string | undefined,
  endpoint: string,
  source: string,
  trusted: boolean,
): void {
  if (trusted || !userPoolId || !/^[a-z]{2}(-[a-z]+)+-\d+_/.test(userPoolId)) return;
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    throw new AdminError(`${source}: endpoint ${JSON.stringify(endpoint)} is not a URL`, {
      exitCode: EXIT_USAGE,
    });
  }
  if (isLoopbackHost(host) || isAwsHost(host)) return;
  throw new AdminError(
    `${source} points the user pool ${userPoolId} at ${endpoint}, which is neither AWS nor this machine: ` +
      'passwords, tokens, client secrets and user data would go to that host. If you trust it, confirm with ' +
      '--trust-config-endpoint; otherwise remove custom.cognito_auth.endpoint from the file',
    { exitCode: EXIT_USAGE },
  );
}
