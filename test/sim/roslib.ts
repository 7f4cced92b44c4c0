/**
 * roslib for the tests, typed. roslib 2.1's top-level .d.ts re-exports an extensionless
 * path that NodeNext resolution cannot follow, so `import * as ROSLIB from 'roslib'`
 * type-checks as an empty module; its own declaration files are complete, so borrow them.
 */
import * as roslib from 'roslib';
import type * as Types from '../../node_modules/roslib/dist/src/RosLib.ts';

export const ROSLIB = roslib as unknown as typeof Types;
export type Ros = Types.Ros;
