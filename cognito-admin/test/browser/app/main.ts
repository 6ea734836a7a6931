/// <reference lib="dom" />
/**
 * A small front end written for Amazon Cognito with Amplify JS v6, as an app team would write it. The
 * only local-mode line is the endpoints; everything else is the configuration local mode writes.
 * The browser test drives it through `window.app`.
 */
import { Amplify } from 'aws-amplify';
import {
  confirmSignUp,
  fetchAuthSession,
  getCurrentUser,
  signIn,
  signInWithRedirect,
  signOut,
  signUp,
} from 'aws-amplify/auth';
import 'aws-amplify/auth/enable-oauth-listener';
import { Hub } from 'aws-amplify/utils';
import { parseAmplifyConfig } from 'aws-amplify/utils';

type Outputs = Parameters<typeof parseAmplifyConfig>[0] & {
  custom?: { cognito_auth?: { endpoint?: string } };
};

const status = document.getElementById('status')!;
const show = (text: string): void => {
  status.textContent = text;
};

/** Hub events seen on this page, for the test. */
const events: string[] = [];
Hub.listen('auth', ({ payload }) => {
  events.push(payload.event);
  show(`auth event: ${payload.event}`);
});

async function configure(): Promise<void> {
  const outputs = (await (await fetch('/outputs.json')).json()) as Outputs;
  const config = parseAmplifyConfig(outputs);
  // Local mode: Amplify reaches local endpoints through these two settings.
  const endpoint = outputs.custom?.cognito_auth?.endpoint;
  if (endpoint && config.Auth) {
    config.Auth.Cognito.userPoolEndpoint = endpoint;
    config.Auth.Cognito.identityPoolEndpoint = endpoint;
  }
  Amplify.configure(config);
}

const ready = configure();

async function session(forceRefresh = false): Promise<Record<string, unknown>> {
  const s = await fetchAuthSession({ forceRefresh });
  return {
    identityId: s.identityId,
    accessKeyId: s.credentials?.accessKeyId,
    sessionToken: s.credentials?.sessionToken,
    accessJti: s.tokens?.accessToken.payload.jti,
    originJti: s.tokens?.accessToken.payload.origin_jti,
    email: s.tokens?.idToken?.payload.email,
  };
}

const app = {
  ready: () => ready.then(() => true),
  events: () => events,
  signUp: async (email: string, password: string) =>
    (await signUp({ username: email, password, options: { userAttributes: { email } } })).nextStep.signUpStep,
  confirm: async (email: string, code: string) =>
    (await confirmSignUp({ username: email, confirmationCode: code })).isSignUpComplete,
  signIn: async (email: string, password: string) => {
    const out = await signIn({ username: email, password });
    show(out.isSignedIn ? `signed in as ${email}` : out.nextStep.signInStep);
    return out.isSignedIn;
  },
  session,
  user: async () => (await getCurrentUser()).signInDetails?.loginId ?? (await getCurrentUser()).username,
  signOut: async () => {
    await signOut();
    show('signed out');
    return true;
  },
  redirect: () => signInWithRedirect(),
};

(window as unknown as { app: typeof app }).app = app;
void ready.then(() => show('ready'));
