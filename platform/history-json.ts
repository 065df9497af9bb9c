/**
 * Workflow histories to and from Temporal's JSON (the form `temporal workflow show --output json`
 * writes and replay tools read). The SDK's historyToJSON/historyFromJSON (@temporalio/common
 * proto-utils) fail in this install: @temporalio/common and @temporalio/proto each get their own
 * copy of protobufjs, and protojson's `instanceof Type` check fails across copies. This does the
 * same with the protobufjs copy that @temporalio/proto itself loads, whatever npm's layout.
 */
import path from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;
type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
};

const protoDir = path.dirname(require.resolve('@temporalio/proto/package.json'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson = require(require.resolve('protobufjs/ext/protojson', { paths: [protoDir] })) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

/** The history as Temporal's JSON object (int64 as strings, enums by name, bytes in base64). */
export function historyToJson(history: History): unknown {
  return protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));
}

/** Older tools wrote enums in PascalCase ('WorkflowExecutionStarted'); the proto names are constants. */
function constantEnum(value: unknown, prefix: string): unknown {
  if (typeof value !== 'string' || value.startsWith(prefix)) return value;
  return `${prefix}_${value.replace(/[^\b][A-Z]/g, (m) => `${m[0]}_${m[1]}`).toUpperCase()}`;
}

/** A history from Temporal's JSON, e.g. a file exported by the CLI, the Web UI or the history endpoint. */
export function historyFromJson(json: unknown): History {
  const h = json as { events?: Record<string, unknown>[] };
  if (!h || typeof h !== 'object' || !Array.isArray(h.events)) throw new TypeError('not a workflow history: expected an object with an array of events');
  const events = h.events.map((e) => ({ ...e, eventType: constantEnum(e.eventType, 'EVENT_TYPE') }));
  const loaded = protojson.fromJson(historyType, { events }, { ignoreUnknownFields: true });
  if (!loaded) throw new TypeError('not a workflow history');
  return loaded as History;
}
