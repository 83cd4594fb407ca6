/**
 * The IAM policy binderhub-container-registry-helper's role needs for BinderHub on ECR: a token, the
 * repository calls it makes (look up, create with a lifecycle policy, list images), and the push and
 * pull actions its tokens are used for, on the repositories under the image prefix only.
 */
export function ecrPushPolicy(host: string, repositoryPrefix: string): object {
  const match = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host);
  const [, account = '<account>', region = '<region>', china] = match ?? [];
  const partition = china ? 'aws-cn' : 'aws';
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'BinderHubToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
      {
        Sid: 'BinderHubRepositories',
        Effect: 'Allow',
        Action: [
          'ecr:DescribeRepositories',
          'ecr:CreateRepository',
          'ecr:PutLifecyclePolicy',
          'ecr:DescribeImages',
          'ecr:BatchCheckLayerAvailability',
          'ecr:InitiateLayerUpload',
          'ecr:UploadLayerPart',
          'ecr:CompleteLayerUpload',
          'ecr:PutImage',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
        ],
        Resource: `arn:${partition}:ecr:${region}:${account}:repository/${repositoryPrefix}*`,
      },
    ],
  };
}
