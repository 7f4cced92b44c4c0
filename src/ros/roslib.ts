/**
 * roslib, with its types. roslib 2.1's root declaration file re-exports './src/RosLib'
 * without an extension, which NodeNext resolution cannot follow, so TypeScript sees an
 * empty module. The runtime import is fine; the types are read from where they really
 * are. (If tsconfig gains `paths: { roslib: [".../dist/src/RosLib.d.ts"] }`, this file
 * becomes a plain re-export.)
 */
import * as runtime from 'roslib';
import type * as Types from '../../node_modules/roslib/dist/src/RosLib.ts';

const roslib = runtime as unknown as typeof Types;

export const Ros = roslib.Ros;
export type Ros = Types.Ros;
export const Topic = roslib.Topic;
export type Topic<T = unknown> = Types.Topic<T>;
export const AbstractTransport = roslib.AbstractTransport;
export type AbstractTransport = Types.AbstractTransport;
export type ITransport = Types.ITransport;
export type RosbridgeMessage = Types.RosbridgeMessage;
