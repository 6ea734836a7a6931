/** Stack outputs. */
export interface OutputsOptions {
  /** Emit CfnOutputs. @default true */
  readonly enabled?: boolean;
  /**
   * Prefix of the outputs' logical ids: letters and digits only (CloudFormation's output ids are
   * alphanumeric).
   * @default - none for the first `CognitoAuth` of a stack (`UserPoolId`, `ClientConfiguration`, ...); the
   * construct id in PascalCase for each later one, so that several in one stack never collide
   */
  readonly prefix?: string;
  /**
   * One output per app client (`Client<Name>Id`) and per group role (`Group<Name>RoleArn`) besides the
   * aggregated `ClientIds` and `GroupRoleArns` JSON outputs. CloudFormation allows 200 outputs per stack,
   * so per-item outputs limit how many clients and groups a stack can hold; the aggregated outputs and
   * `ClientConfiguration` carry every id either way.
   * @default false
   */
  readonly perItem?: boolean;
  /** Export the outputs under `<exportPrefix><OutputName>` for other stacks. @default - not exported */
  readonly exportPrefix?: string;
}
