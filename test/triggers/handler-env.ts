/**
 * The handlers read their configuration from the environment when their module loads. Importing this
 * module first gives them an empty, valid configuration, so that importing them in a test logs nothing.
 */
process.env.PRE_SIGN_UP_CONFIG ??= '{}';
process.env.PRE_TOKEN_GENERATION_CONFIG ??= '{}';
