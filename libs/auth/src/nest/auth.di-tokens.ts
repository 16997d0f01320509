/** Injection token of the resolved {@link AuthModuleOptions}. */
export const AUTH_MODULE_OPTIONS = Symbol('AUTH_MODULE_OPTIONS');
