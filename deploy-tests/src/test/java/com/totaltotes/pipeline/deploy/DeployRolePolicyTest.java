package com.totaltotes.pipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.totaltotes.pipeline.testing.sam.ProjectFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the GitHub deploy role. Its trust policy admits only the deploy job on main; its
 * permissions name this stack's resources, and no statement lets it write IAM beyond the stack's
 * roles or pass a role to anything but Lambda.
 */
class DeployRolePolicyTest {
  private static final String POLICY = "sam/deploy-role-policy.json";
  private static final String TRUST = "sam/deploy-role-trust-policy.json";

  private static JsonNode json(String file) throws IOException {
    return new ObjectMapper().readTree(ProjectFiles.path(file).toFile());
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  @Test
  void onlyTheDeployJobOfThisRepositorysMainBranchMayAssumeTheRole() throws IOException {
    JsonNode statement = json(TRUST).get("Statement").get(0);
    assertThat(json(TRUST).get("Statement").size()).isEqualTo(1);
    assertThat(statement.get("Action").asText()).isEqualTo("sts:AssumeRoleWithWebIdentity");
    assertThat(statement.get("Principal").get("Federated").asText())
        .endsWith(":oidc-provider/token.actions.githubusercontent.com");
    JsonNode equals = statement.get("Condition").get("StringEquals");
    assertThat(equals.get("token.actions.githubusercontent.com:aud").asText())
        .isEqualTo("sts.amazonaws.com");
    // exact match, no wildcard: the workflow's environment and the main branch
    assertThat(equals.get("token.actions.githubusercontent.com:sub").asText())
        .isEqualTo("repo:<OWNER>/<REPO>:environment:production:ref:refs/heads/main");
    assertThat(statement.get("Condition").has("StringLike")).isFalse();
  }

  @Test
  void everyStatementIsAnAllowAndOnlyActionsWithoutResourceLevelPermissionsUseAStar()
      throws IOException {
    List<String> starAllowed =
        List.of(
            "cloudformation:GetTemplateSummary",
            "cloudformation:ValidateTemplate",
            "cloudwatch:DescribeAlarms",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs");
    for (JsonNode statement : json(POLICY).get("Statement")) {
      String sid = statement.get("Sid").asText();
      assertThat(statement.get("Effect").asText()).as(sid).isEqualTo("Allow");
      assertThat(statement.has("NotAction") || statement.has("NotResource")).as(sid).isFalse();
      List<String> actions = strings(statement.get("Action"));
      assertThat(actions).as(sid).allSatisfy(a -> assertThat(a).doesNotContain("*"));
      if (strings(statement.get("Resource")).contains("*")) {
        assertThat(starAllowed).as("%s may use Resource *", sid).containsAll(actions);
      }
    }
  }

  @Test
  void iamIsLimitedToTheStacksRolesAndPassRoleToLambda() throws IOException {
    for (JsonNode statement : json(POLICY).get("Statement")) {
      List<String> actions = strings(statement.get("Action"));
      if (actions.stream().anyMatch(a -> a.startsWith("iam:"))) {
        assertThat(strings(statement.get("Resource")))
            .as(statement.get("Sid").asText())
            .containsExactly("arn:aws:iam::<ACCOUNT>:role/totes-pipeline-*");
      }
      if (actions.contains("iam:PassRole")) {
        assertThat(
                statement.get("Condition").get("StringEquals").get("iam:PassedToService").asText())
            .isEqualTo("lambda.amazonaws.com");
      }
      if (actions.contains("iam:AttachRolePolicy")) {
        assertThat(strings(statement.get("Condition").get("ArnEquals").get("iam:PolicyARN")))
            .allSatisfy(arn -> assertThat(arn).startsWith("arn:aws:iam::aws:policy/"));
      }
    }
  }

  @Test
  void theRoleManagesEachKindOfResourceTheTemplateCreates() throws IOException {
    List<String> actions = new ArrayList<>();
    json(POLICY).get("Statement").forEach(s -> actions.addAll(strings(s.get("Action"))));
    assertThat(actions)
        .contains(
            "cloudformation:CreateChangeSet",
            "cloudformation:ExecuteChangeSet",
            "s3:PutObject",
            "s3:CreateBucket",
            "s3:PutLifecycleConfiguration",
            "s3:PutBucketNotification",
            "lambda:CreateFunction",
            "lambda:PublishVersion",
            "lambda:CreateAlias",
            "lambda:PutFunctionConcurrency",
            "lambda:PutFunctionEventInvokeConfig",
            "iam:CreateRole",
            "iam:PassRole",
            "events:PutRule",
            "sqs:CreateQueue",
            "sns:CreateTopic",
            "sns:Subscribe",
            "cloudwatch:PutMetricAlarm",
            "cloudwatch:PutDashboard",
            "logs:CreateLogGroup",
            "glue:CreateDatabase",
            "glue:CreateTable");
    String text = ProjectFiles.read(POLICY);
    assertThat(text)
        .contains(
            "stack/totes-pipeline/*",
            "transform/Serverless-2016-10-31",
            "totes-ingest-<ACCOUNT>-<REGION>",
            "totes-processed-<ACCOUNT>-<REGION>",
            "function:totes-*",
            "totes-failed-invocations",
            "totes-alerts",
            "dashboard/totes-*",
            "log-group:/aws/lambda/totes-*",
            "database/totes_warehouse");
  }

  @Test
  void theDeployGuideCreatesTheProviderTheRoleAndItsPolicyFromTheseFiles() {
    assertThat(ProjectFiles.read("docs/DEPLOY.md"))
        .contains(
            "aws iam create-open-id-connect-provider --url"
                + " https://token.actions.githubusercontent.com",
            "actions/oidc/customization/sub",
            "file:///tmp/trust.json",
            "file:///tmp/deploy-policy.json",
            "sam/deploy-role-trust-policy.json",
            "sam/deploy-role-policy.json",
            "aws iam create-role --role-name github-deploy-totes-pipeline");
  }
}
