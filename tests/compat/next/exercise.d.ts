// Types of exercise.js (copied from tests/compat/shared by the test driver).
export interface Step {
  name: string;
  ok: boolean;
  detail: string;
}
export declare function exercise(pkg: object, where: { api: string; refused: string | null }): Promise<{ steps: Step[]; notes: Record<string, string | undefined> }>;
