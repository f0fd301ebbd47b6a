import { z } from "zod";
import type { RequestContext } from "../core/context";
import { conflict, notFound, quotaExceeded, validation } from "../core/errors";
import type { Listener, Service } from "../core/model";
import { jsonBody, type RestRoute } from "../core/rest-json";
import { actionTargetGroupIds, refreshTargetStatuses, resolveRuleAction, ruleActionSchema } from "./actions";
import {
  clientTokenSchema,
  idFromIdentifier,
  listPage,
  nameSchema,
  parseInput,
  regionOf,
  setTags,
  tagsSchema,
} from "./common";
import { forgetResourceArn, inCreationOrder, withClientToken } from "./kinds";
import { findService } from "./services";

const RESOURCE_TYPE = "LISTENER";
const LISTENERS_PER_SERVICE = 2;

const createSchema = z.object({
  name: nameSchema(3, 63),
  protocol: z.enum(["HTTP", "HTTPS", "TLS_PASSTHROUGH"]),
  port: z
    .number()
    .int("must be an integer")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .optional(),
  defaultAction: ruleActionSchema,
  tags: tagsSchema.optional(),
  clientToken: clientTokenSchema.optional(),
});

const updateSchema = z.object({ defaultAction: ruleActionSchema });

/** A listener of `service` by id or ARN; anything else is ResourceNotFoundException. */
export function findListener(
  ctx: RequestContext,
  service: Service,
  identifier: string | undefined,
): Listener {
  const raw = identifier ?? "";
  const listener = regionOf(ctx).listeners.get(idFromIdentifier(raw));
  if (!listener || listener.serviceId !== service.id || (raw.startsWith("arn:") && listener.arn !== raw)) {
    throw notFound(RESOURCE_TYPE, raw, `Listener ${raw} not found in service ${service.id}`);
  }
  return listener;
}

function listenerBody(listener: Listener) {
  return {
    arn: listener.arn,
    id: listener.id,
    name: listener.name,
    protocol: listener.protocol,
    port: listener.port,
    serviceArn: listener.serviceArn,
    serviceId: listener.serviceId,
    defaultAction: listener.defaultAction,
  };
}

export const listenerRoutes: RestRoute[] = [
  {
    operation: "CreateListener",
    method: "POST",
    path: "/services/{serviceIdentifier}/listeners",
    handler: (ctx, params) => {
      const input = parseInput(createSchema, jsonBody(ctx));
      const service = findService(ctx, params.serviceIdentifier, true);
      const { clientToken, ...rest } = input;
      return withClientToken(
        ctx,
        {
          operation: "CreateListener",
          resourceType: RESOURCE_TYPE,
          clientToken,
          params: { service: service.id, ...rest },
        },
        () => {
          const region = regionOf(ctx);
          if (input.protocol === "TLS_PASSTHROUGH" && !service.customDomainName) {
            const message = "A TLS_PASSTHROUGH listener requires the service to have a custom domain name";
            throw validation(message, [{ name: "protocol", message }]);
          }
          const port = input.port ?? (input.protocol === "HTTP" ? 80 : 443);
          const siblings = [...region.listeners.values()].filter((l) => l.serviceId === service.id);
          const sameName = siblings.find((l) => l.name === input.name);
          if (sameName) {
            throw conflict(
              RESOURCE_TYPE,
              sameName.id,
              `A listener named ${input.name} already exists in service ${service.id}`,
            );
          }
          const samePort = siblings.find((l) => l.port === port);
          if (samePort) {
            throw conflict(
              RESOURCE_TYPE,
              samePort.id,
              `Listener ${samePort.id} already uses port ${port} in service ${service.id}`,
            );
          }
          if (siblings.length >= LISTENERS_PER_SERVICE) {
            throw quotaExceeded(
              RESOURCE_TYPE,
              "L-D64E952E",
              `Service ${service.id} already has the maximum of ${LISTENERS_PER_SERVICE} listeners`,
              service.id,
            );
          }
          const defaultAction = resolveRuleAction(region, input.defaultAction, {
            ownerAccountId: service.ownerAccountId,
            serviceArn: service.arn,
            listenerProtocol: input.protocol,
            field: "defaultAction",
          });
          const id = ctx.world.newId("listener-");
          const now = ctx.world.now();
          const listener: Listener = {
            id,
            name: input.name,
            arn: `${service.arn}/listener/${id}`,
            ownerAccountId: service.ownerAccountId,
            region: ctx.region,
            serviceId: service.id,
            serviceArn: service.arn,
            protocol: input.protocol,
            port,
            defaultAction,
            defaultRuleId: ctx.world.newId("rule-"),
            createdAt: now,
            lastUpdatedAt: now,
          };
          region.listeners.set(id, listener);
          setTags(region, listener.arn, input.tags);
          refreshTargetStatuses(region, actionTargetGroupIds(defaultAction));
          return { status: 201, body: listenerBody(listener) };
        },
      );
    },
  },
  {
    operation: "GetListener",
    method: "GET",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}",
    handler: (ctx, params) => {
      const service = findService(ctx, params.serviceIdentifier, false);
      const listener = findListener(ctx, service, params.listenerIdentifier);
      return {
        status: 200,
        body: {
          ...listenerBody(listener),
          createdAt: listener.createdAt,
          lastUpdatedAt: listener.lastUpdatedAt,
        },
      };
    },
  },
  {
    operation: "ListListeners",
    method: "GET",
    path: "/services/{serviceIdentifier}/listeners",
    handler: (ctx, params) => {
      const service = findService(ctx, params.serviceIdentifier, false);
      const listeners = inCreationOrder(regionOf(ctx).listeners.values()).filter(
        (l) => l.serviceId === service.id,
      );
      const page = listPage(ctx, listeners);
      return {
        status: 200,
        body: {
          ...page,
          items: page.items.map((l) => ({
            arn: l.arn,
            id: l.id,
            name: l.name,
            protocol: l.protocol,
            port: l.port,
            createdAt: l.createdAt,
            lastUpdatedAt: l.lastUpdatedAt,
          })),
        },
      };
    },
  },
  {
    operation: "UpdateListener",
    method: "PATCH",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}",
    handler: (ctx, params) => {
      const input = parseInput(updateSchema, jsonBody(ctx));
      const region = regionOf(ctx);
      const service = findService(ctx, params.serviceIdentifier, true);
      const listener = findListener(ctx, service, params.listenerIdentifier);
      const defaultAction = resolveRuleAction(region, input.defaultAction, {
        ownerAccountId: service.ownerAccountId,
        serviceArn: service.arn,
        listenerProtocol: listener.protocol,
        field: "defaultAction",
      });
      const before = actionTargetGroupIds(listener.defaultAction);
      listener.defaultAction = defaultAction;
      listener.lastUpdatedAt = ctx.world.now();
      refreshTargetStatuses(region, [...before, ...actionTargetGroupIds(defaultAction)]);
      return { status: 200, body: listenerBody(listener) };
    },
  },
  {
    operation: "DeleteListener",
    method: "DELETE",
    path: "/services/{serviceIdentifier}/listeners/{listenerIdentifier}",
    handler: (ctx, params) => {
      const region = regionOf(ctx);
      const service = findService(ctx, params.serviceIdentifier, true);
      const listener = findListener(ctx, service, params.listenerIdentifier);
      const touched = actionTargetGroupIds(listener.defaultAction);
      for (const [ruleId, rule] of region.rules) {
        if (rule.listenerId !== listener.id) continue;
        touched.push(...actionTargetGroupIds(rule.action));
        region.rules.delete(ruleId);
        forgetResourceArn(region, rule.arn);
      }
      region.listeners.delete(listener.id);
      forgetResourceArn(region, listener.arn);
      refreshTargetStatuses(region, touched);
      return { status: 204 };
    },
  },
];
