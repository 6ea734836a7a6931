/**
 * Errors the local front answers with, in the shape of the AWS JSON 1.1 protocol that Cognito speaks:
 * HTTP 400 with `{ "__type": "<Code>", "message": "..." }` and the `x-amzn-ErrorType` header, which the
 * AWS SDKs and Amplify read as the error's name.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
 */

/** A Cognito service error. */
export class CognitoError extends Error {
  /** The error code, e.g. `NotAuthorizedException`. */
  public readonly code: string;
  /** HTTP status. */
  public readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
  }
}

export const notAuthorized = (message: string): CognitoError =>
  new CognitoError('NotAuthorizedException', message);

export const invalidParameter = (message: string): CognitoError =>
  new CognitoError('InvalidParameterException', message);

export const resourceNotFound = (message: string): CognitoError =>
  new CognitoError('ResourceNotFoundException', message);

/** The JSON body of an error response. */
export function errorBody(e: CognitoError): { __type: string; message: string } {
  return { __type: e.code, message: e.message };
}
