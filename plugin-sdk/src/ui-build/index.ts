/** `@lingshou/plugin-sdk/ui-build`: the build behind `lingshou-plugin build-ui`, for tools and tests. */
export { buildPluginUi, uiEntries, UiBuildError, UI_OUTPUT_DIR, UI_SOURCE_DIR } from './build-ui.ts';
export { SHARED_MODULES, sharedModulesPlugin } from './shared-modules.ts';
