import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * cdk-nag findings on the bundled trigger functions that follow from what a Cognito trigger is, each
 * acknowledged with the reason a reviewer reads in docs/security.md. Applied to the construct that holds
 * only the bundled functions; functions of your own are not covered.
 */
export const BUNDLED_TRIGGER_ACKNOWLEDGEMENTS: ReadonlyArray<{
  readonly ids: string[];
  readonly reason: string;
}> = [
  {
    ids: ['Serverless-LambdaDLQ', 'HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'],
    reason:
      'Cognito invokes its triggers synchronously and waits for the answer; a dead-letter queue only receives failed asynchronous invocations, so it would never receive anything. A failed trigger fails the sign-up or sign-in, which the user sees and the function logs.',
  },
  {
    ids: ['Serverless-LambdaTracing'],
    reason:
      'The bundled handlers call no other service (they compute an answer from the event and their configuration), so a trace has a single segment that the function\'s Duration and Errors metrics already give; active tracing would add an X-Ray policy with Resource "*".',
  },
  {
    ids: ['HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaConcurrency'],
    reason:
      "Cognito's own request quotas already bound how often a trigger runs; reserved concurrency would turn a burst of sign-ins into failed sign-ins once reached, and reserving it fails deployment in accounts with a low concurrency limit. Set reservedConcurrentExecutions on the function where a control framework requires it.",
  },
  {
    ids: ['HIPAA.Security-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
    reason:
      'The bundled handlers open no network connection and reach no resource in a VPC; attaching them to one would add network interfaces and cold-start time and need NAT or endpoints for nothing.',
  },
];

/** Acknowledges the findings inherent to the bundled triggers under `scope`. */
export function acknowledgeBundledTriggerFindings(scope: IConstruct): void {
  for (const { ids, reason } of BUNDLED_TRIGGER_ACKNOWLEDGEMENTS) {
    for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
  }
}
