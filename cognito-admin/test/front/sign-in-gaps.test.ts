/**
 * The gaps local mode prints for today's Cognito features: one-time codes and passkeys (what is local's
 * choice, the relying-party id), and the resources it accepts without applying them (log delivery, risk
 * configuration, branding, terms, analytics).
 */
import { emulatorGaps } from '../../src/local/gaps';
import type { StackModel } from '../../src/local/template';
import type { TriggerPlan } from '../../src/local/triggers';

const NO_TRIGGERS = { wired: [], unwired: [] } as unknown as TriggerPlan;

function gapsOf(pool: Record<string, unknown>, more: Record<string, unknown> = {}): string[] {
  const model = {
    userPools: [{ logicalId: 'Pool', properties: pool, clients: [], groups: [], resourceServers: [] }],
    template: { Resources: { Pool: { Type: 'AWS::Cognito::UserPool', Properties: pool }, ...more } },
  } as unknown as StackModel;
  return emulatorGaps(model, NO_TRIGGERS).map((g) => `${g.feature}: ${g.detail}`);
}

const factors = (...f: string[]) => ({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: f } } });

test('one-time codes: where they go and what is local choice', () => {
  const gaps = gapsOf(factors('PASSWORD', 'EMAIL_OTP', 'SMS_OTP'));
  expect(gaps).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^One-time sign-in codes: EMAIL_OTP, SMS_OTP: codes are not sent .*8 digits/),
    ]),
  );
  expect(gaps.join('\n')).not.toMatch(/^Passkeys:/m);
});

test("passkeys: the relying-party id is localhost, not the pool's", () => {
  const gaps = gapsOf({ ...factors('PASSWORD', 'WEB_AUTHN'), WebAuthnRelyingPartyID: 'auth.example.org' });
  expect(gaps).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^Passkeys: the relying-party id is localhost locally, not auth\.example\.org.*attestation is none only/,
      ),
    ]),
  );
  expect(gaps.join('\n')).not.toMatch(/^One-time sign-in codes:/m);
});

test('a password-only pool has neither gap', () => {
  expect(gapsOf({}).join('\n')).not.toMatch(/^(One-time sign-in codes|Passkeys):/m);
});

test('log delivery, risk configuration, branding, terms and analytics are named when the template has them', () => {
  const gaps = gapsOf(
    {},
    {
      Logs: { Type: 'AWS::Cognito::LogDeliveryConfiguration', Properties: {} },
      Risk: { Type: 'AWS::Cognito::UserPoolRiskConfigurationAttachment', Properties: {} },
      Brand: { Type: 'AWS::Cognito::ManagedLoginBranding', Properties: {} },
      TermsOfUse: { Type: 'AWS::Cognito::Terms', Properties: {} },
      Web: {
        Type: 'AWS::Cognito::UserPoolClient',
        Properties: { AnalyticsConfiguration: { ApplicationId: 'app' } },
      },
    },
  );
  expect(gaps).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^Log delivery: LogDeliveryConfiguration is not emulated/),
      expect.stringMatching(/^Risk configuration: .* is not applied/),
      expect.stringMatching(/^Managed login branding: /),
      expect.stringMatching(/^Terms: .*not shown/),
      expect.stringMatching(/^Analytics: .*no analytics events/),
    ]),
  );
  expect(gapsOf({}).join('\n')).not.toMatch(
    /^(Log delivery|Risk configuration|Managed login branding|Terms|Analytics):/m,
  );
});
