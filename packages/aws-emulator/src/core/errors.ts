/** An AWS error as a service returns it. Each protocol module renders it in its own wire format. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface FieldProblem {
  name: string;
  message: string;
}

/** VPC Lattice ValidationException (reason: unknownOperation | cannotParse | fieldValidationFailed | other). */
export function validation(
  message: string,
  fieldList?: FieldProblem[],
  reason: "unknownOperation" | "cannotParse" | "fieldValidationFailed" | "other" = fieldList
    ? "fieldValidationFailed"
    : "other",
): ApiError {
  return new ApiError(400, "ValidationException", message, fieldList ? { reason, fieldList } : { reason });
}

export function notFound(resourceType: string, resourceId: string, message?: string): ApiError {
  return new ApiError(
    404,
    "ResourceNotFoundException",
    message ?? `${resourceType} ${resourceId} not found`,
    {
      resourceId,
      resourceType,
    },
  );
}

export function conflict(resourceType: string, resourceId: string, message: string): ApiError {
  return new ApiError(409, "ConflictException", message, { resourceId, resourceType });
}

export function accessDenied(message: string): ApiError {
  return new ApiError(403, "AccessDeniedException", message);
}

export function quotaExceeded(
  resourceType: string,
  quotaCode: string,
  message: string,
  resourceId?: string,
): ApiError {
  return new ApiError(402, "ServiceQuotaExceededException", message, {
    ...(resourceId ? { resourceId } : {}),
    resourceType,
    serviceCode: "vpc-lattice",
    quotaCode,
  });
}
