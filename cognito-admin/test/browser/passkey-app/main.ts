/// <reference lib="dom" />
/**
 * A small Amplify JS v6 page that offers passkeys, as an app team would write it: sign up and in, add a
 * passkey (`associateWebAuthnCredential`), list and delete passkeys, and sign in with one (USER_AUTH,
 * preferred challenge WEB_AUTHN). The configuration is given by the test through `window.app.configure`.
 * The passkey browser test drives it through `window.app`.
 */
import { Amplify } from 'aws-amplify';
import {
  associateWebAuthnCredential,
  confirmSignUp,
  deleteWebAuthnCredential,
  fetchAuthSession,
  listWebAuthnCredentials,
  signIn,
  signOut,
  signUp,
} from 'aws-amplify/auth';

const app = {
  configure: (userPoolId: string, userPoolClientId: string, endpoint: string) => {
    Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint } } });
    return true;
  },
  signUp: async (email: string, password: string) =>
    (await signUp({ username: email, password, options: { userAttributes: { email } } })).nextStep.signUpStep,
  confirm: async (email: string, code: string) =>
    (await confirmSignUp({ username: email, confirmationCode: code })).isSignUpComplete,
  signInWithPassword: async (email: string, password: string) =>
    (await signIn({ username: email, password })).isSignedIn,
  addPasskey: async () => {
    await associateWebAuthnCredential();
    return true;
  },
  passkeys: async () =>
    (await listWebAuthnCredentials()).credentials.map((c) => ({
      credentialId: c.credentialId ?? '',
      relyingPartyId: c.relyingPartyId ?? '',
    })),
  deletePasskey: async (credentialId: string) => {
    await deleteWebAuthnCredential({ credentialId });
    return true;
  },
  signInWithPasskey: async (email: string) => {
    const out = await signIn({
      username: email,
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' },
    });
    return out.isSignedIn ? 'DONE' : out.nextStep.signInStep;
  },
  email: async () => String((await fetchAuthSession()).tokens?.idToken?.payload.email ?? ''),
  signOut: async () => {
    await signOut();
    return true;
  },
};

(window as unknown as { app: typeof app }).app = app;
document.getElementById('status')!.textContent = 'ready';
