import type { PlannedCall } from "./change-types";

/** A POSIX-shell single-quoted word: safe for any JSON or name. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function regionOf(arn: string): string | undefined {
  return arn.split(":")[3] || undefined;
}

function command(operation: string, args: [string, string | number][], arn: string): string {
  const region = regionOf(arn);
  const words = ["aws", "vpc-lattice", operation];
  if (region) words.push("--region", region);
  for (const [flag, value] of args) words.push(`--${flag}`, shellQuote(String(value)));
  return words.join(" ");
}

/** The `aws vpc-lattice …` command that makes the same AWS call, to copy or to run by hand. */
export function awsCliCommand(call: PlannedCall): string {
  const base: [string, string][] = [
    ["service-identifier", call.serviceArn],
    ["listener-identifier", call.listenerArn],
  ];
  switch (call.operation) {
    case "UpdateListener":
      return command(
        "update-listener",
        [...base, ["default-action", JSON.stringify(call.defaultAction)]],
        call.listenerArn,
      );
    case "UpdateRule":
      return command(
        "update-rule",
        [
          ...base,
          ["rule-identifier", call.ruleArn],
          ...(call.priority !== undefined ? ([["priority", call.priority]] as [string, number][]) : []),
          ...(call.match ? ([["match", JSON.stringify(call.match)]] as [string, string][]) : []),
          ...(call.action ? ([["action", JSON.stringify(call.action)]] as [string, string][]) : []),
        ],
        call.listenerArn,
      );
    case "BatchUpdateRule":
      return command("batch-update-rule", [...base, ["rules", JSON.stringify(call.rules)]], call.listenerArn);
    case "CreateRule":
      return command(
        "create-rule",
        [
          ...base,
          ["name", call.name],
          ["priority", call.priority],
          ["match", JSON.stringify(call.match)],
          ["action", JSON.stringify(call.action)],
        ],
        call.listenerArn,
      );
    case "DeleteRule":
      return command("delete-rule", [...base, ["rule-identifier", call.ruleArn]], call.listenerArn);
  }
}
