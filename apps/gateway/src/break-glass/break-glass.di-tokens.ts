/** Injection token of the {@link BreakGlassStore}: where grants and their events are kept. */
export const BREAK_GLASS_STORE = Symbol('BREAK_GLASS_STORE');
/** Injection token of the compiled sector policy the break-glass API checks requests against. */
export const BREAK_GLASS_POLICY = Symbol('BREAK_GLASS_POLICY');
