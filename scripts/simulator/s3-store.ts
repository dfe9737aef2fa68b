/** One version of an object, or a delete marker, in a simulated bucket. */
export interface S3ObjectVersion {
  /** Version ID; "null" in a bucket without versioning, as S3 reports it. */
  readonly versionId: string;
  readonly deleteMarker: boolean;
  /** Entity tag with its quotes, as S3 returns it. */
  readonly etag: string;
  /** Size in bytes. */
  readonly size: number;
  /** Last modification, in seconds since the epoch. */
  readonly lastModified: number;
  readonly storageClass: string;
  /** Content, known only for objects the workflow wrote. */
  readonly body?: string;
  readonly contentType?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Fields of a write. The store sets the version ID and the delete marker flag. */
export type S3ObjectFields = Omit<
  S3ObjectVersion,
  "versionId" | "deleteMarker"
>;

/** A bucket of the stack, and whether it keeps versions. */
export interface BucketSetting {
  readonly name: string;
  readonly versioned: boolean;
}

/**
 * In-memory S3 buckets. Each key keeps its versions oldest first; in a bucket without
 * versioning a write replaces the only version and a delete removes it.
 */
export class S3Store {
  private readonly buckets = new Map<string, Map<string, S3ObjectVersion[]>>();
  private readonly versioned = new Map<string, boolean>();
  private versionCounter = 0;

  constructor(buckets: readonly BucketSetting[]) {
    for (const bucket of buckets) {
      this.buckets.set(bucket.name, new Map());
      this.versioned.set(bucket.name, bucket.versioned);
    }
  }

  hasBucket(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  isVersioned(bucket: string): boolean {
    return this.versioned.get(bucket) ?? false;
  }

  /** Bucket names, sorted. */
  bucketNames(): string[] {
    return [...this.buckets.keys()].sort();
  }

  /** Stores a new current version and returns it. */
  put(bucket: string, key: string, fields: S3ObjectFields): S3ObjectVersion {
    const version: S3ObjectVersion = {
      ...fields,
      versionId: this.nextVersionId(bucket),
      deleteMarker: false,
    };
    this.push(bucket, key, version);
    return version;
  }

  /** Returns the current version, or undefined when the key is absent or deleted. */
  current(bucket: string, key: string): S3ObjectVersion | undefined {
    const versions = this.versionsOf(bucket, key);
    const latest = versions[versions.length - 1];
    return latest && !latest.deleteMarker ? latest : undefined;
  }

  /** Returns one version by ID, or undefined. */
  version(
    bucket: string,
    key: string,
    versionId: string,
  ): S3ObjectVersion | undefined {
    return this.versionsOf(bucket, key).find(
      (version) => version.versionId === versionId && !version.deleteMarker,
    );
  }

  /**
   * Deletes a key without naming a version: adds a delete marker in a versioned bucket
   * and returns it; removes the object otherwise and returns undefined.
   */
  deleteCurrent(bucket: string, key: string): S3ObjectVersion | undefined {
    if (!this.isVersioned(bucket)) {
      this.bucket(bucket).delete(key);
      return undefined;
    }
    const marker: S3ObjectVersion = {
      versionId: this.nextVersionId(bucket),
      deleteMarker: true,
      etag: "",
      size: 0,
      lastModified: 0,
      storageClass: "STANDARD",
      tags: {},
    };
    this.push(bucket, key, marker);
    return marker;
  }

  /** Removes one version for good; a missing version is not an error, as in S3. */
  deleteVersion(bucket: string, key: string, versionId: string): void {
    const remaining = this.versionsOf(bucket, key).filter(
      (version) => version.versionId !== versionId,
    );
    if (remaining.length === 0) {
      this.bucket(bucket).delete(key);
    } else {
      this.bucket(bucket).set(key, remaining);
    }
  }

  /** Replaces the tags of a version. */
  setTags(
    bucket: string,
    key: string,
    versionId: string,
    tags: Readonly<Record<string, string>>,
  ): void {
    const versions = this.versionsOf(bucket, key).map((version) =>
      version.versionId === versionId ? { ...version, tags } : version,
    );
    this.bucket(bucket).set(key, versions);
  }

  /** Lists the current objects whose key starts with a prefix, in key order. */
  list(
    bucket: string,
    prefix = "",
  ): { readonly key: string; readonly object: S3ObjectVersion }[] {
    const listed: { key: string; object: S3ObjectVersion }[] = [];
    for (const key of [...this.bucket(bucket).keys()].sort(compareKeys)) {
      const object = this.current(bucket, key);
      if (key.startsWith(prefix) && object) {
        listed.push({ key, object });
      }
    }
    return listed;
  }

  private push(bucket: string, key: string, version: S3ObjectVersion): void {
    const versions = this.isVersioned(bucket)
      ? this.versionsOf(bucket, key)
      : [];
    this.bucket(bucket).set(key, [...versions, version]);
  }

  private versionsOf(bucket: string, key: string): S3ObjectVersion[] {
    return this.bucket(bucket).get(key) ?? [];
  }

  private bucket(bucket: string): Map<string, S3ObjectVersion[]> {
    const objects = this.buckets.get(bucket);
    if (!objects) {
      throw new RangeError(
        `Bucket ${bucket} does not exist in the simulation.`,
      );
    }
    return objects;
  }

  private nextVersionId(bucket: string): string {
    if (!this.isVersioned(bucket)) {
      return "null";
    }
    this.versionCounter += 1;
    return `simulated-version-${String(this.versionCounter).padStart(6, "0")}`;
  }
}

// S3 lists keys in the binary order of their UTF-8 bytes.
function compareKeys(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, "utf8"), Buffer.from(right, "utf8"));
}
