import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AppClient, CognitoAuth, CognitoAuthError, CognitoAuthProps } from '../../lib';
import { expectDeployable } from '../template-checks';
import { clientProps, synth, synthError, tmpDir } from '../util';

describe('refresh-token rotation', () => {
  test('a rotating web client: RefreshTokenRotation ENABLED and no ALLOW_REFRESH_TOKEN_AUTH, others unchanged', () => {
    const { template, auth } = synth({
      clients: {
        web: AppClient.web({ refreshTokenRotationGracePeriod: Duration.seconds(10) }),
        scripts: AppClient.password(),
      },
    });
    const web = clientProps(template, 'web');
    expect(web.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 10 });
    expect(web.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH']);
    const scripts = clientProps(template, 'scripts');
    expect(scripts.RefreshTokenRotation).toBeUndefined();
    expect(scripts.ExplicitAuthFlows).toContain('ALLOW_REFRESH_TOKEN_AUTH');

    // The client configuration says what the template does.
    const clients = auth.clientConfiguration.custom.cognito_auth.clients;
    expect(clients.web.auth_flows).toEqual(['ALLOW_USER_SRP_AUTH']);
    expect(clients.web.refresh_token_rotation).toEqual({ grace_period_seconds: 10 });
    expect(clients.scripts.auth_flows).toEqual([
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ]);
    expect(clients.scripts.refresh_token_rotation).toBeUndefined();
  });

  test('a grace period of 0 seconds is allowed (the old token stops at once)', () => {
    const { template } = synth({
      clients: { web: AppClient.web({ refreshTokenRotationGracePeriod: Duration.seconds(0) }) },
    });
    expect(clientProps(template, 'web').RefreshTokenRotation).toEqual({
      Feature: 'ENABLED',
      RetryGracePeriodSeconds: 0,
    });
  });

  test("a client whose authFlows are all off lists Cognito's default flows in the client configuration", () => {
    const { template, auth } = synth({ clients: { web: AppClient.web({ authFlows: {} }) } });
    expect(clientProps(template, 'web').ExplicitAuthFlows).toBeUndefined();
    expect(auth.clientConfiguration.custom.cognito_auth.clients.web.auth_flows).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_CUSTOM_AUTH',
    ]);
  });

  test.each<[string, CognitoAuthProps, RegExp]>([
    [
      'fractional seconds',
      { clients: { web: AppClient.web({ refreshTokenRotationGracePeriod: Duration.millis(1500) }) } },
      /clients\.web\.refreshTokenRotationGracePeriod 1\.5 seconds is not allowed; use whole seconds from 0 to 60/,
    ],
    [
      'more than a minute',
      { clients: { web: AppClient.web({ refreshTokenRotationGracePeriod: Duration.seconds(61) }) } },
      /clients\.web\.refreshTokenRotationGracePeriod 61 seconds is not allowed; use whole seconds from 0 to 60/,
    ],
    [
      'a machine client',
      {
        resourceServers: [{ identifier: 'api', scopes: [{ name: 'read', description: 'Read' }] }],
        clients: {
          jobs: AppClient.machine({
            scopes: ['api/read'],
            refreshTokenRotationGracePeriod: Duration.seconds(5),
          }),
        },
      },
      /clients\.jobs\.refreshTokenRotationGracePeriod is set on a machine client; the client credentials grant issues no refresh tokens/,
    ],
    [
      'the Lite plan',
      {
        featurePlan: cognito.FeaturePlan.LITE,
        clients: { web: AppClient.web({ refreshTokenRotationGracePeriod: Duration.seconds(5) }) },
      },
      /clients\.web\.refreshTokenRotationGracePeriod needs refresh-token rotation, which the LITE feature plan lacks; set featurePlan to ESSENTIALS or PLUS/,
    ],
    [
      'no flow at all (Cognito would add ALLOW_REFRESH_TOKEN_AUTH)',
      {
        clients: {
          web: AppClient.web({ authFlows: {}, refreshTokenRotationGracePeriod: Duration.seconds(5) }),
        },
      },
      /clients\.web\.authFlows \{\} turns no flow on, which leaves Cognito's default flows \(they include ALLOW_REFRESH_TOKEN_AUTH/,
    ],
  ])('refused: %s', (_name, props, message) => {
    const error = synthError(props);
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect(error.message).toMatch(message);
  });

  test('the template passes cfn-lint and aws-cdk-lib template validation', () => {
    const outdir = tmpDir('cdk-out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Rotation', { env: { account: '123456789012', region: 'eu-west-1' } });
    new CognitoAuth(stack, 'Auth', {
      clients: {
        web: AppClient.web({ refreshTokenRotationGracePeriod: Duration.seconds(10) }),
        scripts: AppClient.password({ refreshTokenRotationGracePeriod: Duration.seconds(60) }),
      },
    });
    app.synth();
    expectDeployable(outdir);
  });
});
