// Registers the toolkit's own matchers (the ones `flat-channels/testing` offers users) for the property suites.
import { expect } from 'vitest';
import { flatChannelsMatchers } from '../../src/testing/matchers.js';

expect.extend(flatChannelsMatchers);
