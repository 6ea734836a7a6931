// A self-contained pool that deploys in any account, with assertions that run once it is deployed: a user
// signs up and in through a client, and the role of a group is read back from Cognito. Offline, the test
// suite synthesizes it from the packed package and compares it with integ.sign-in.js.snapshot/.
const { App, Stack, Validations } = require('aws-cdk-lib');
const { ExpectedResult, IntegTest } = require('@aws-cdk/integ-tests-alpha');
const { AppClient, CognitoAuth } = require('cdk-cognito-auth');

const app = new App({ context: { 'cognito-auth:lock': 'off' } });
const stack = new Stack(app, 'CognitoAuthSignIn');
const auth = new CognitoAuth(stack, 'Auth', {
  selfSignUpEnabled: true,
  clients: { scripts: AppClient.password() },
  groups: [{ name: 'readers', precedence: 1 }],
});

const test = new IntegTest(app, 'SignIn', { testCases: [stack], regions: ['eu-west-1'] });
const username = 'integ-user@acme-corp.net';
const password = 'Integ-test-Passw0rd!';
const clientId = auth.clients.scripts.userPoolClientId;
const userPoolId = auth.userPool.userPoolId;

const signUp = test.assertions.awsApiCall('CognitoIdentityServiceProvider', 'signUp', {
  ClientId: clientId,
  Username: username,
  Password: password,
});
const confirm = test.assertions.awsApiCall('CognitoIdentityServiceProvider', 'adminConfirmSignUp', {
  UserPoolId: userPoolId,
  Username: username,
});
const signIn = test.assertions.awsApiCall('CognitoIdentityServiceProvider', 'initiateAuth', {
  ClientId: clientId,
  AuthFlow: 'USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: username, PASSWORD: password },
});
signIn.assertAtPath('AuthenticationResult.TokenType', ExpectedResult.stringLikeRegexp('Bearer'));
const group = test.assertions.awsApiCall('CognitoIdentityServiceProvider', 'getGroup', {
  UserPoolId: userPoolId,
  GroupName: 'readers',
});
group.assertAtPath('Group.RoleArn', ExpectedResult.stringLikeRegexp(auth.groupRoles.readers.roleName));
Validations.of(signUp).acknowledge({
  id: 'CloudFormation-Validate::W2501',
  reason: 'The password of a throwaway test user, created and deleted with the test stack',
});
signUp.next(confirm).next(signIn).next(group);
app.synth();
