import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  AdminAddUserToGroupCommand,
  CognitoIdentityProviderClient,
  CreateUserImportJobCommand,
  DescribeUserImportJobCommand,
  DescribeUserPoolCommand,
  GetCSVHeaderCommand,
  ListGroupsCommand,
  StartUserImportJobCommand,
  UserImportJobStatusType,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import type { ClientConfiguration } from '../../../lib/client-config';
import { createAdminContext } from '../../src/admin/context';
import { importUsersWithJob } from '../../src/admin/import-job';
import { readReport, tempDir, writeCsv } from './helpers';

const POOL = 'eu-west-1_JobPool1';
const ROLE = 'arn:aws:iam::123456789012:role/CognitoImportLogs';
const COGNITO_HEADER = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
  'custom:tenant',
  'cognito:mfa_enabled',
  'cognito:username',
];

interface Upload {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const idp = mockClient(CognitoIdentityProviderClient);
let server: http.Server;
let uploads: Upload[];
let uploadStatus = 200;
let dir: string;

function uploadUrl(): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/import-bucket/${POOL}/job?X-Amz-Signature=abc`;
}

function mockPool(finalStatus: UserImportJobStatusType = 'Succeeded') {
  idp.on(DescribeUserPoolCommand).resolves({
    UserPool: {
      Id: POOL,
      Name: 'shop-users',
      UsernameAttributes: [],
      SchemaAttributes: [
        ...COGNITO_HEADER.filter((c) => !c.startsWith('cognito:')).map((Name) => ({
          Name,
          AttributeDataType: 'String' as const,
          Mutable: true,
        })),
        { Name: 'sub', AttributeDataType: 'String', Mutable: false, Required: true },
      ],
    },
  });
  idp.on(ListGroupsCommand).resolves({ Groups: [{ GroupName: 'admins' }, { GroupName: 'staff' }] });
  idp.on(GetCSVHeaderCommand).resolves({ UserPoolId: POOL, CSVHeader: COGNITO_HEADER });
  idp.on(CreateUserImportJobCommand).callsFake(() => ({
    UserImportJob: { JobId: 'import-Abc123', JobName: 'job', Status: 'Created', PreSignedUrl: uploadUrl() },
  }));
  idp
    .on(StartUserImportJobCommand)
    .resolves({ UserImportJob: { JobId: 'import-Abc123', Status: 'Pending' } });
  idp
    .on(DescribeUserImportJobCommand)
    .resolvesOnce({ UserImportJob: { JobId: 'import-Abc123', Status: 'InProgress', ImportedUsers: 1 } })
    .resolves({
      UserImportJob: {
        JobId: 'import-Abc123',
        Status: finalStatus,
        ImportedUsers: finalStatus === 'Succeeded' ? 3 : 0,
        FailedUsers: finalStatus === 'Succeeded' ? 0 : 3,
        SkippedUsers: 0,
        CompletionMessage:
          finalStatus === 'Succeeded' ? 'Import Job Completed Successfully.' : 'Too many users have failed.',
      },
    });
  idp.on(AdminAddUserToGroupCommand).resolves({});
}

function context(config?: ClientConfiguration) {
  return createAdminContext({
    userPoolId: POOL,
    region: 'eu-west-1',
    config,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    env: {},
  });
}

beforeAll(async () => {
  dir = tempDir('import-job');
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      uploads.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = uploadStatus;
      res.end(uploadStatus === 200 ? '' : '<Error><Code>AccessDenied</Code></Error>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

beforeEach(() => {
  idp.reset();
  uploads = [];
  uploadStatus = 200;
});

afterAll(async () => {
  idp.restore();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

function inputCsv(name: string): string {
  return writeCsv(dir, name, [
    'cognito:username,email,email_verified,given_name,custom:tenant,groups',
    'ana,ana@example.com,true,Ana,acme,admins;staff',
    'bob,bob@example.com,true,"Bob, Jr.",acme,',
    'bad,not-an-email,true,Bad,acme,',
    'cid,cid@example.com,false,Cid,beta,staff',
  ]);
}

describe('users import --job', () => {
  test("uploads the valid rows under Cognito's header, runs the job, then adds the groups through the API", async () => {
    mockPool();
    const statuses: string[] = [];
    const result = await importUsersWithJob(context(), {
      file: inputCsv('job.csv'),
      cloudWatchLogsRoleArn: ROLE,
      jobName: 'nightly',
      pollIntervalMs: 1,
      onStatus: (s) => statuses.push(s),
    });

    expect(uploads).toHaveLength(1);
    const upload = uploads[0];
    expect(upload.method).toBe('PUT');
    expect(upload.url).toBe(`/import-bucket/${POOL}/job?X-Amz-Signature=abc`);
    expect(upload.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(Number(upload.headers['content-length'])).toBe(Buffer.byteLength(upload.body));
    const lines = upload.body.trimEnd().split('\n');
    expect(lines[0]).toBe(COGNITO_HEADER.join(','));
    expect(lines).toHaveLength(4);
    const row = (line: string) => {
      const values =
        line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((v) => v.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
      return Object.fromEntries(COGNITO_HEADER.map((c, i) => [c, values[i]]));
    };
    expect(row(lines[1])).toMatchObject({
      'cognito:username': 'ana',
      email: 'ana@example.com',
      email_verified: 'true',
      given_name: 'Ana',
      'custom:tenant': 'acme',
      'cognito:mfa_enabled': 'false',
      phone_number: '',
    });
    expect(lines[2]).toContain('"Bob, Jr."');
    expect(lines.some((l) => l.includes('bad'))).toBe(false);

    expect(idp.commandCalls(CreateUserImportJobCommand)[0].args[0].input).toEqual({
      JobName: 'nightly',
      UserPoolId: POOL,
      CloudWatchLogsRoleArn: ROLE,
    });
    expect(idp.commandCalls(StartUserImportJobCommand)[0].args[0].input).toEqual({
      UserPoolId: POOL,
      JobId: 'import-Abc123',
    });
    expect(idp.commandCalls(DescribeUserImportJobCommand)).toHaveLength(2);
    const memberships = idp
      .commandCalls(AdminAddUserToGroupCommand)
      .map((c) => `${c.args[0].input.Username}:${c.args[0].input.GroupName}`)
      .sort();
    expect(memberships).toEqual(['ana:admins', 'ana:staff', 'cid:staff']);

    expect(result).toMatchObject({
      jobId: 'import-Abc123',
      status: 'Succeeded',
      importedUsers: 3,
      failedUsers: 0,
      invalid: 1,
      groupsAdded: 3,
      groupFailures: 0,
      logGroup: `/aws/cognito/userpools/${POOL}/shop-users (stream import-Abc123/nightly)`,
      hasProblems: true,
    });
    expect(readReport(result.reportFile)).toEqual([
      {
        row: 4,
        username: 'bad',
        outcome: 'invalid',
        detail: 'email "not-an-email" is not an e-mail address',
      },
    ]);
    expect(statuses).toContain('job import-Abc123: Succeeded, 3 imported, 0 skipped, 0 failed');
  });

  test('the role can come from the client configuration', async () => {
    mockPool();
    const config = {
      version: '1.4',
      auth: { aws_region: 'eu-west-1', user_pool_id: POOL, user_pool_client_id: 'c' },
      custom: { cognito_auth: { clients: {}, import_role_arn: ROLE } },
    } as ClientConfiguration;
    await importUsersWithJob(context(config), { file: inputCsv('job-config.csv'), pollIntervalMs: 1 });
    expect(idp.commandCalls(CreateUserImportJobCommand)[0].args[0].input.CloudWatchLogsRoleArn).toBe(ROLE);
  });

  test('without a CloudWatch Logs role nothing is called and the message says how to give one', async () => {
    mockPool();
    await expect(importUsersWithJob(context(), { file: inputCsv('job-norole.csv') })).rejects.toThrow(
      /needs a role that lets Cognito write CloudWatch Logs: pass --cloudwatch-logs-role-arn/,
    );
    expect(idp.calls()).toHaveLength(0);
  });

  test('a failed job adds no group and is reported as a problem', async () => {
    mockPool('Failed');
    const result = await importUsersWithJob(context(), {
      file: inputCsv('job-failed.csv'),
      cloudWatchLogsRoleArn: ROLE,
      pollIntervalMs: 1,
    });
    expect(result).toMatchObject({
      status: 'Failed',
      failedUsers: 3,
      completionMessage: 'Too many users have failed.',
      hasProblems: true,
    });
    expect(idp.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  test('a user the job did not import is reported when its groups are added', async () => {
    mockPool();
    idp
      .on(AdminAddUserToGroupCommand, { Username: 'cid' })
      .rejects(
        new UserNotFoundException({ message: 'User does not exist.', $metadata: { httpStatusCode: 400 } }),
      );
    const result = await importUsersWithJob(context(), {
      file: inputCsv('job-missing.csv'),
      cloudWatchLogsRoleArn: ROLE,
      pollIntervalMs: 1,
    });
    expect(result).toMatchObject({ groupsAdded: 2, groupFailures: 1 });
    expect(readReport(result.reportFile)).toContainEqual({
      row: 5,
      username: 'cid',
      outcome: 'failed',
      detail: 'adding to group staff failed: the job did not import this user',
    });
  });

  test('a refused upload stops before the job is started', async () => {
    mockPool();
    uploadStatus = 403;
    await expect(
      importUsersWithJob(context(), {
        file: inputCsv('job-403.csv'),
        cloudWatchLogsRoleArn: ROLE,
        pollIntervalMs: 1,
      }),
    ).rejects.toThrow(/upload to the import job's URL failed with HTTP 403: <Error><Code>AccessDenied/);
    expect(idp.commandCalls(StartUserImportJobCommand)).toHaveLength(0);
  });
});
