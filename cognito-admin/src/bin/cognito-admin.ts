#!/usr/bin/env node
// The AWS SDK's Node.js version notice is for developers of services, not for users of this command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { main } from '../cli/program';

void main(process.argv);
