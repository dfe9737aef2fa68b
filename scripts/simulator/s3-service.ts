import { createHash } from "node:crypto";
import { CallArguments } from "./call-arguments";
import type { VirtualClock } from "./clock";
import {
  InvalidCallError,
  StatesError,
  UnsupportedFeatureError,
} from "./errors";
import { JsonObject, JsonValue, isJsonObject } from "./json";
import { S3ObjectVersion, S3Store } from "./s3-store";

/** Keys per page of ListObjectsV2, the S3 default for MaxKeys. */
const LIST_PAGE_SIZE = 1000;

/** One object as the listObjectsV2 ItemReader delivers it. */
export interface ListedItem extends JsonObject {
  Etag: string;
  Key: string;
  LastModified: number;
  Size: number;
  StorageClass: string;
}

/**
 * Simulated S3 API calls of the workflow, served from an S3Store. Errors carry the names
 * Step Functions gives them: `S3.` followed by the S3 error code with the suffix
 * `Exception` (developer guide, AWS SDK integrations).
 */
export class S3Service {
  constructor(
    readonly store: S3Store,
    private readonly clock: VirtualClock,
  ) {}

  /** Lists a prefix in pages of 1,000 keys, as the ItemReader does, and passes each page's request to `onPage`. */
  listObjectsV2(
    args: CallArguments,
    onPage: (request: JsonObject) => void,
  ): ListedItem[] {
    const bucket = this.bucketOf(args);
    const prefix = args.optionalString("Prefix") ?? "";
    const listed = this.store.list(bucket, prefix);
    for (
      let start = 0;
      start === 0 || start < listed.length;
      start += LIST_PAGE_SIZE
    ) {
      const request: JsonObject = { Bucket: bucket, Prefix: prefix };
      if (start > 0) {
        request.ContinuationToken = `simulated-token-${start}`;
      }
      onPage(request);
    }
    return listed.map(({ key, object }) => ({
      Etag: object.etag,
      Key: key,
      LastModified: object.lastModified,
      Size: object.size,
      StorageClass: object.storageClass,
    }));
  }

  getObject(args: CallArguments): JsonObject {
    const { bucket, key, object } = this.readObject(args);
    if (object.body === undefined) {
      throw new UnsupportedFeatureError(
        `${args.where("Key")} is ${key} in ${bucket}, an object seeded from the listing without content; the simulator can return the content only of objects the workflow wrote.`,
      );
    }
    return { ...this.describe(bucket, object), Body: object.body };
  }

  headObject(args: CallArguments): JsonObject {
    const { bucket, object } = this.readObject(args);
    return this.describe(bucket, object);
  }

  putObject(args: CallArguments, body: string | undefined): JsonObject {
    const bucket = this.bucketOf(args);
    const key = args.string("Key");
    const content = body ?? "";
    const version = this.store.put(bucket, key, {
      etag: `"${createHash("md5").update(content, "utf8").digest("hex")}"`,
      size: Buffer.byteLength(content, "utf8"),
      lastModified: Math.floor(this.clock.nowMillis() / 1000),
      storageClass: "STANDARD",
      body: content,
      contentType: args.optionalString("ContentType"),
      tags: {},
    });
    return this.withVersion(
      bucket,
      { ETag: version.etag },
      "VersionId",
      version,
    );
  }

  /**
   * Copies an object. CopySource is `<bucket>/<URL-encoded key>`, optionally followed by
   * `?versionId=<id>`; CopySourceIfMatch fails the copy with PreconditionFailed when the
   * source's ETag differs.
   */
  copyObject(args: CallArguments): JsonObject {
    const bucket = this.bucketOf(args);
    const key = args.string("Key");
    const source = parseCopySource(
      args.string("CopySource"),
      args.where("CopySource"),
    );
    if (!this.store.hasBucket(source.bucket)) {
      throw noSuchBucket(source.bucket);
    }
    const object = source.versionId
      ? this.store.version(source.bucket, source.key, source.versionId)
      : this.store.current(source.bucket, source.key);
    if (!object) {
      throw new StatesError(
        "S3.NoSuchKeyException",
        `The specified key does not exist: ${source.key} in ${source.bucket}.`,
      );
    }

    const ifMatch = args.optionalString("CopySourceIfMatch");
    if (ifMatch !== undefined && ifMatch !== object.etag) {
      // NOTE: the name follows the documented rule (code + Exception); S3 reports the
      // code PreconditionFailed, which its API model does not list for CopyObject.
      throw new StatesError(
        "S3.PreconditionFailedException",
        `At least one of the pre-conditions you specified did not hold: ${source.key} has ETag ${object.etag}, not ${ifMatch}.`,
      );
    }

    const copy = this.store.put(bucket, key, {
      ...object,
      lastModified: Math.floor(this.clock.nowMillis() / 1000),
    });
    const result: JsonObject = {
      CopyObjectResult: {
        ETag: copy.etag,
        LastModified: this.clock.nowIso(),
      },
    };
    this.withVersion(source.bucket, result, "CopySourceVersionId", object);
    return this.withVersion(bucket, result, "VersionId", copy);
  }

  deleteObject(args: CallArguments): JsonObject {
    const bucket = this.bucketOf(args);
    const key = args.string("Key");
    const versionId = args.optionalString("VersionId");
    if (versionId !== undefined) {
      this.store.deleteVersion(bucket, key, versionId);
      return { VersionId: versionId };
    }
    const marker = this.store.deleteCurrent(bucket, key);
    return marker ? { DeleteMarker: true, VersionId: marker.versionId } : {};
  }

  putObjectTagging(args: CallArguments): JsonObject {
    const { bucket, key, object } = this.readObject(args);
    const tagging = args.object("Tagging", ["TagSet"]);
    const tags: Record<string, string> = {};
    for (const [index, tag] of tagging.array("TagSet").entries()) {
      if (
        !isJsonObject(tag) ||
        typeof tag.Key !== "string" ||
        typeof tag.Value !== "string"
      ) {
        throw new InvalidCallError(
          `${tagging.where("TagSet")}[${index}] is ${JSON.stringify(tag)}; expected {"Key": string, "Value": string}.`,
        );
      }
      tags[tag.Key] = tag.Value;
    }
    this.store.setTags(bucket, key, object.versionId, tags);
    return this.withVersion(bucket, {}, "VersionId", object);
  }

  getObjectTagging(args: CallArguments): JsonObject {
    const { bucket, object } = this.readObject(args);
    const result: JsonObject = {
      TagSet: Object.entries(object.tags).map(([Key, Value]) => ({
        Key,
        Value,
      })),
    };
    return this.withVersion(bucket, result, "VersionId", object);
  }

  private readObject(args: CallArguments): {
    bucket: string;
    key: string;
    object: S3ObjectVersion;
  } {
    const bucket = this.bucketOf(args);
    const key = args.string("Key");
    const versionId = args.optionalString("VersionId");
    const object = versionId
      ? this.store.version(bucket, key, versionId)
      : this.store.current(bucket, key);
    if (!object) {
      throw new StatesError(
        "S3.NoSuchKeyException",
        `The specified key does not exist: ${key} in ${bucket}.`,
      );
    }
    return { bucket, key, object };
  }

  private describe(bucket: string, object: S3ObjectVersion): JsonObject {
    const result: JsonObject = {
      ContentLength: object.size,
      ETag: object.etag,
      LastModified: new Date(object.lastModified * 1000).toISOString(),
    };
    if (object.contentType !== undefined) {
      result.ContentType = object.contentType;
    }
    return this.withVersion(bucket, result, "VersionId", object);
  }

  // S3 returns version IDs only for buckets with versioning.
  private withVersion(
    bucket: string,
    result: JsonObject,
    field: string,
    version: S3ObjectVersion,
  ): JsonObject {
    if (this.store.isVersioned(bucket)) {
      result[field] = version.versionId;
    }
    return result;
  }

  private bucketOf(args: CallArguments): string {
    const bucket = args.string("Bucket");
    if (!this.store.hasBucket(bucket)) {
      throw noSuchBucket(bucket);
    }
    return bucket;
  }
}

function noSuchBucket(bucket: string): StatesError {
  return new StatesError(
    "S3.NoSuchBucketException",
    `The specified bucket does not exist: ${bucket}.`,
  );
}

function parseCopySource(
  text: string,
  location: string,
): { bucket: string; key: string; versionId?: string } {
  const match = /^\/?([^/]+)\/(.+?)(?:\?versionId=([^&]+))?$/.exec(text);
  if (!match) {
    throw new InvalidCallError(
      `${location} is ${JSON.stringify(text)}; expected <bucket>/<URL-encoded key>.`,
    );
  }
  let key: string;
  try {
    key = decodeURIComponent(match[2]);
  } catch {
    throw new InvalidCallError(
      `${location} is ${JSON.stringify(text)}, whose key is not valid URL encoding; encode it with $encodeUrlComponent.`,
    );
  }
  return { bucket: match[1], key, versionId: match[3] };
}

/** Returns the string Body of a putObject call, or undefined when it has none. */
export function bodyOf(
  value: JsonValue | undefined,
  location: string,
): string | undefined {
  if (value === undefined || typeof value === "string") {
    return value;
  }
  throw new UnsupportedFeatureError(
    `${location} is ${JSON.stringify(value).slice(0, 80)}; the simulator models a string Body only, so pass $string(...) there.`,
  );
}
