// Capture points as a lab file would declare them, through the lab schema (defaults included).
import { CaptureSchema } from '../../../../harness/lab/schema/captures.ts';
import type { CaptureSpec } from '../../../../harness/lab/schema.ts';

export function captureSpec(entry: Record<string, unknown>): CaptureSpec {
  return CaptureSchema.parse(entry);
}
