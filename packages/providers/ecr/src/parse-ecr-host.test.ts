import { describe, expect, it } from 'vitest';
import { isEcrPublicHost, parseEcrHost } from './parse-ecr-host.js';

// kubernetes/cloud-provider-aws cmd/ecr-credential-provider main_test.go, TestRegistryPatternMatch:
// the same 25 hosts and verdicts.
const PATTERN_TABLE: [string, boolean][] = [
  ['123456789012.dkr.ecr.lala-land-1.amazonaws.com', true],
  ['123456789012.dkr.ecr-fips.lala-land-1.amazonaws.com', true],
  ['123456789012.dkr.ecr.lala-land-1.amazonaws.com.cn', true],
  ['123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', true],
  ['123456789012.dkr.ecr-fips.eusc-de-east-1.amazonaws.eu', true],
  ['1234567890123.dkr.ecr.lala-land-1.amazonaws.com', false],
  ['12345678901.dkr.ecr.lala-land-1.amazonaws.com', false],
  ['12345678901A.dkr.ecr.lala-land-1.amazonaws.com', false],
  ['123456789012.dkr.ecr.lala-land-1!.amazonaws.com', false],
  ['123456789012.dkr.ecr.#lala-land-1.amazonaws.com', false],
  ['123456789012.dkr.ecr.lala-land-1.amazonaws.hacker.com', false],
  ['123456789012.dkr.ecr.lala-land-1.hacker.com', false],
  ['123456789012.dkr.ecr.lala-land-1.amazonaws.lol', false],
  ['123456789012.dog.ecr.lala-land-1.amazonaws.com', false],
  ['123456789012.dkr.cat.lala-land-1.amazonaws.com', false],
  ['123456789012.dkr.cat.lala-land-1.awsamazon.com', false],
  ['123456789012.lala-land-1.amazonaws.com', false],
  ['123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov', true],
  ['123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov', true],
  ['123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk', true],
  ['123456789012.dkr.ecr.us-isof-east-1.csp.hci.ic.gov', true],
  ['123456789012.dkr.ecr.us-iso-east-1.amazonaws.gov', false],
  ['123456789012.dkr-ecr.lala-land-1.on.aws', true],
  ['123456789012.dkr-ecr-fips.lala-land-1.on.aws', true],
  ['123456789012.dkr-ecr.lala-land-1.on.amazonwebservices.com.cn', true],
];

// The same file's Test_parseRegionFromECRPrivateHost.
const REGION_TABLE: [string, string | undefined][] = [
  ['123456789123.dkr.ecr.us-west-2.amazonaws.com', 'us-west-2'],
  ['123456789123.dkr.ecr.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
  ['123456789123.dkr.ecr.us-gov-east-1.amazonaws.com', 'us-gov-east-1'],
  ['123456789123.dkr.ecr.us-iso-east-1.c2s.ic.gov', 'us-iso-east-1'],
  ['123456789123.dkr.ecr.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1'],
  ['123456789123.dkr-ecr.us-west-2.on.aws', 'us-west-2'],
  ['123456789123.dkr-ecr-fips.us-west-2.on.aws', 'us-west-2'],
  ['123456789123.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn', 'cn-north-1'],
  ['123456789123.dkr-ecr.us-gov-east-1.on.aws', 'us-gov-east-1'],
  ['123456789123.dkr-ecr-fips.us-gov-east-1.on.aws', 'us-gov-east-1'],
  ['foobar', undefined],
];

describe('parseEcrHost', () => {
  it('has the upstream table of 25 hosts', () => {
    expect(PATTERN_TABLE).toHaveLength(25);
  });

  it.each(PATTERN_TABLE)('%s is ECR: %s', (host, expected) => {
    expect(parseEcrHost(host) !== undefined).toBe(expected);
  });

  it.each(REGION_TABLE)('%s is in region %s', (host, region) => {
    expect(parseEcrHost(host)?.region).toBe(region);
  });

  it('reads the account and FIPS, and keeps the registry as given less the scheme', () => {
    expect(parseEcrHost('https://123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/team/')).toEqual({
      registry: '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/team',
      accountId: '123456789012',
      region: 'us-east-1',
      fips: true,
    });
    expect(parseEcrHost('210987654321.dkr.ecr.eu-west-1.amazonaws.com')).toMatchObject({
      accountId: '210987654321',
      fips: false,
    });
  });

  it('rejects a port, a lookalike suffix and ECR Public', () => {
    expect(parseEcrHost('123456789012.dkr.ecr.us-east-1.amazonaws.com:443')).toBeUndefined();
    expect(parseEcrHost('123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example')).toBeUndefined();
    expect(parseEcrHost('public.ecr.aws')).toBeUndefined();
  });
});

describe('isEcrPublicHost', () => {
  it.each([
    ['public.ecr.aws', true],
    ['https://public.ecr.aws/acme', true],
    ['ecr-public.aws.com', true],
    ['PUBLIC.ECR.AWS', true],
    ['public.ecr.aws.example.com', false],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', false],
  ])('%s: %s', (host, expected) => {
    expect(isEcrPublicHost(host)).toBe(expected);
  });
});
