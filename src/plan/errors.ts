import { ZodError } from 'zod';

/** Formats zod issues as "path.to.field: message", so a data error names the field. */
export function describeZodError(error: ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

/** A plan pack's data file is missing, unreadable or invalid: names the pack, the file and the fields. */
export class PackError extends Error {
  override name = 'PackError';
  constructor(
    readonly pack: string,
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`plan pack "${pack}", ${file}: ${issues.join('; ')}`);
  }
}
