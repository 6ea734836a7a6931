import { UserLambdaValidationException } from '@aws-sdk/client-cognito-identity-provider';
import { messageOf } from '../../src/admin/errors';

describe('error messages of the CLI', () => {
  test("a trigger's refusal names the trigger and keeps its words", () => {
    const err = new UserLambdaValidationException({
      message:
        'PreSignUp failed with error Sign-up with this email domain is not allowed. Use a different email address..',
      $metadata: {},
    });
    expect(messageOf(err)).toBe(
      "refused by the user pool's PreSignUp trigger: Sign-up with this email domain is not allowed. Use a different email address.",
    );
  });

  test('any other service error keeps its name and message', () => {
    const err = Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' });
    expect(messageOf(err)).toBe('UserNotFoundException: User does not exist.');
  });
});
