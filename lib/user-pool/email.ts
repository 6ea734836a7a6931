import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoAuthError, show } from '../errors';
import { checkEmailAddress, checkLength, checkName, isToken } from '../private/validate';
import { CONFIGURATION_SET_NAME, CUSTOM_DOMAIN } from '../shared/names';

/** Options for e-mail sent by Cognito's own service. */
export interface CognitoEmailOptions {
  /** Reply-to address. @default - no reply-to address */
  readonly replyTo?: string;
}

/**
 * Options for e-mail sent through Amazon SES.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html#user-pool-email-developer
 */
export interface SesEmailOptions {
  /** Verified SES identity that e-mail is sent from, e.g. `no-reply@example.org`. */
  readonly fromEmail: string;
  /** Display name of the sender. @default - the address alone */
  readonly fromName?: string;
  /** Reply-to address. @default - no reply-to address */
  readonly replyTo?: string;
  /** SES configuration set, for event publishing and dedicated IPs. @default - none */
  readonly configurationSetName?: string;
  /** Region of the SES identity. @default - the stack's region */
  readonly sesRegion?: string;
  /**
   * Verified SES domain when `fromEmail` is an address in it rather than a verified address itself.
   * @default - the identity is the `fromEmail` address
   */
  readonly sesVerifiedDomain?: string;
}

/** How the user pool sends e-mail: Cognito's default sender (50 e-mails a day) or Amazon SES. */
export class AuthEmail {
  /**
   * Cognito's built-in sender. Limited to 50 e-mails a day per account and region: fine for
   * development, not for production (the prod profile refuses it).
   */
  public static cognito(options: CognitoEmailOptions = {}): AuthEmail {
    checkEmailAddress('email.replyTo', options.replyTo, false);
    return new AuthEmail(false, cognito.UserPoolEmail.withCognito(options.replyTo));
  }

  /** Amazon SES, with a verified identity. Required by the prod profile and by e-mail MFA. */
  public static ses(options: SesEmailOptions): AuthEmail {
    if (options === null || typeof options !== 'object' || options.fromEmail === undefined) {
      throw new CognitoAuthError(
        'email.fromEmail',
        'is missing; AuthEmail.ses needs the verified address to send from',
      );
    }
    checkEmailAddress('email.fromEmail', options.fromEmail, false);
    checkEmailAddress('email.replyTo', options.replyTo, false);
    checkLength('email.fromName', options.fromName, 1, 256);
    checkName('email.configurationSetName', options.configurationSetName, CONFIGURATION_SET_NAME);
    if (
      options.sesRegion !== undefined &&
      !isToken(options.sesRegion) &&
      !/^[a-z]{2}(-[a-z]+)+-\d$/.test(options.sesRegion)
    ) {
      throw new CognitoAuthError(
        'email.sesRegion',
        `${show(options.sesRegion)} is not a Region name such as eu-west-1`,
      );
    }
    const domain = options.sesVerifiedDomain;
    checkName('email.sesVerifiedDomain', domain, CUSTOM_DOMAIN);
    if (domain !== undefined && !isToken(domain) && !isToken(options.fromEmail)) {
      const fromDomain = options.fromEmail.split('@')[1];
      if (fromDomain !== domain) {
        throw new CognitoAuthError(
          'email.sesVerifiedDomain',
          `${show(domain)} is not the domain of fromEmail ${show(options.fromEmail)}; the sender must be an address in the verified domain`,
        );
      }
    }
    return new AuthEmail(
      true,
      cognito.UserPoolEmail.withSES({
        fromEmail: options.fromEmail,
        fromName: options.fromName,
        replyTo: options.replyTo,
        configurationSetName: options.configurationSetName,
        sesRegion: options.sesRegion,
        sesVerifiedDomain: options.sesVerifiedDomain,
      }),
      options.fromEmail,
      options.sesRegion,
    );
  }

  private constructor(
    /** True when e-mail goes through Amazon SES. */
    public readonly isSes: boolean,
    /** The aws-cdk-lib e-mail setting. */
    public readonly userPoolEmail: cognito.UserPoolEmail,
    /** The sender address, when known. */
    public readonly fromEmail?: string,
    /** The Region of the SES identity, when given. */
    public readonly sesRegion?: string,
  ) {}
}
