"use client";

import { useId } from "react";
import { MAX_WEIGHT } from "@/lib/domain/routing/rule-schemas";
import { checkWeights, rebalanceWeights, splitPresets } from "@/lib/domain/routing/weight-split";
import { formatPercent, splitForward, type TargetGroupHealth } from "@/lib/domain/routing/weights";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cx } from "@/components/ui/cx";
import { ColumnHead, Table, TableHead } from "@/components/ui/table";

export interface DraftGroup {
  arn: string;
  weight: string;
}

export function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-xs text-red-700">
      {message}
    </p>
  );
}

function healthText(h: TargetGroupHealth | undefined): string {
  if (!h) return "health unknown";
  if (h.serving === 0) return "no healthy target";
  return `${h.serving}/${h.total} healthy${h.counts.UNHEALTHY > 0 ? `, ${h.counts.UNHEALTHY} unhealthy` : ""}`;
}

const numeric = (weight: string) => (/^\d+$/.test(weight.trim()) ? Number(weight) : 0);

/**
 * The weights of a forward action: per target group a weight field (0–999) and a linked share slider (moving
 * one rebalances the others to 100), presets, the live share and the effective share given target health.
 * Messages come from the weights as typed, so each clears as soon as its value is fixed; `serverErrors` are
 * those the last review answered for exactly these weights.
 */
export function WeightsTable({
  groups,
  onChange,
  nameOf,
  health,
  serverErrors,
  disabled,
}: {
  groups: DraftGroup[];
  onChange: (groups: DraftGroup[]) => void;
  nameOf: (arn: string) => string;
  health: ReadonlyMap<string, TargetGroupHealth>;
  serverErrors: Map<string, string>;
  disabled?: boolean | undefined;
}) {
  const baseId = useId();
  const check = checkWeights(groups.map((g) => g.weight));
  const weights = groups.map((g) => numeric(g.weight));
  const split = splitForward(
    groups.map((g, i) => ({ targetGroupId: g.arn, weight: weights[i] ?? 0 })),
    (id) => health.get(id),
  );
  const setWeights = (next: number[]) =>
    onChange(groups.map((g, i) => ({ ...g, weight: String(next[i] ?? 0) })));
  const presets = splitPresets(groups.length);
  // A target group with some unhealthy targets keeps its share: its healthy targets take all of it.
  const thinned = groups.filter((g) => {
    const h = health.get(g.arn);
    return h !== undefined && h.serving > 0 && h.serving < h.total && numeric(g.weight) > 0;
  });

  return (
    <div className="flex flex-col gap-2">
      {presets.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5 text-xs" role="group" aria-label="Split presets">
          <span className="text-neutral-500">Split:</span>
          {presets.map((preset) => {
            const active = preset.weights.every((w, i) => numeric(groups[i]?.weight ?? "") === w);
            const described = groups.map((g, i) => `${nameOf(g.arn)} ${preset.weights[i]} %`).join(", ");
            return (
              <Button
                key={preset.label}
                size="sm"
                aria-pressed={active}
                aria-label={`Split ${preset.label}: ${described}`}
                title={described}
                disabled={disabled}
                onClick={() => setWeights(preset.weights)}
                className="font-mono"
              >
                {preset.label}
              </Button>
            );
          })}
        </div>
      )}
      <Table>
        <TableHead>
          <ColumnHead>Target group</ColumnHead>
          <ColumnHead className="w-60">Weight (0–{MAX_WEIGHT}) and share</ColumnHead>
          <ColumnHead numeric className="w-16">
            Share
          </ColumnHead>
          <ColumnHead
            numeric
            className="w-20"
            title="The share once target groups without a healthy target are left out: what each group really receives"
          >
            Effective
          </ColumnHead>
          <th scope="col" className="w-8" />
        </TableHead>
        <tbody>
          {groups.map((group, index) => {
            const share = split.groups[index];
            const h = health.get(group.arn);
            const weightError =
              check.fields[index] ?? serverErrors.get(`forward.targetGroups.${index}.weight`);
            const idError = serverErrors.get(`forward.targetGroups.${index}.targetGroupIdentifier`);
            const label = nameOf(group.arn);
            const percent = share?.sharePercent ?? 0;
            return (
              <tr
                key={group.arn}
                data-testid="weight-row"
                data-id={group.arn}
                className="border-t border-neutral-100 align-top"
              >
                <td className="py-1.5 pr-2">
                  <div className="font-medium break-all">{label}</div>
                  <div
                    className={cx(
                      "text-xs",
                      h && h.serving === 0 ? "font-semibold text-red-700" : "text-neutral-500",
                    )}
                  >
                    {healthText(h)}
                  </div>
                  <FieldMessage id={`${baseId}-${index}-id`} message={idError} />
                </td>
                <td className="py-1.5 pr-2">
                  <div className="flex items-center gap-2">
                    <Input
                      aria-label={`Weight of ${label}`}
                      inputMode="numeric"
                      value={group.weight}
                      disabled={disabled}
                      aria-invalid={weightError ? true : undefined}
                      aria-describedby={weightError ? `${baseId}-${index}-w` : undefined}
                      onChange={(e) =>
                        onChange(groups.map((g, i) => (i === index ? { ...g, weight: e.target.value } : g)))
                      }
                      className="h-8 w-20 px-2 font-mono"
                    />
                    <input
                      type="range"
                      min={0}
                      max={100}
                      step={1}
                      value={percent}
                      disabled={disabled || groups.length < 2}
                      aria-label={`Share of ${label}`}
                      aria-valuetext={`${percent} % of the requests`}
                      title="Drag to set this target group's share; the others make up the rest"
                      onChange={(e) => setWeights(rebalanceWeights(weights, index, Number(e.target.value)))}
                      className="w-full accent-sky-700"
                    />
                  </div>
                  <FieldMessage id={`${baseId}-${index}-w`} message={weightError} />
                </td>
                <td className="py-1.5 pr-2 text-right font-mono" data-testid="weight-share">
                  {share ? formatPercent(share.sharePercent, share.share) : "—"}
                </td>
                <td
                  data-testid="weight-effective"
                  className={cx(
                    "py-1.5 pr-2 text-right font-mono",
                    share?.noHealthyTarget ? "text-red-700" : "text-neutral-600",
                  )}
                >
                  {share ? formatPercent(share.effectivePercent, share.effectiveShare) : "—"}
                </td>
                <td className="py-1.5 text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Remove ${label}`}
                    disabled={disabled || groups.length <= 1}
                    onClick={() => onChange(groups.filter((_, i) => i !== index))}
                  >
                    ✕
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      <FieldMessage
        id={`${baseId}-groups`}
        message={check.action ?? serverErrors.get("forward.targetGroups") ?? serverErrors.get("forward")}
      />
      {check.ok && split.failing && groups.length > 0 && (
        <p className="text-xs font-semibold text-red-700">
          With these weights, requests this action matches reach no target.
        </p>
      )}
      {thinned.length > 0 && (
        <p className="text-xs text-neutral-500" data-testid="effective-note">
          {thinned.map((g) => nameOf(g.arn)).join(", ")} {thinned.length === 1 ? "keeps its" : "keep their"}{" "}
          share although some targets are unhealthy: VPC Lattice sends a target group&apos;s share to its
          healthy targets only, so they take all of it. The effective share moves only when a target group has
          no healthy target left.
        </p>
      )}
    </div>
  );
}
