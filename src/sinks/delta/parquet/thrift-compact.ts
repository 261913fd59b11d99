import { ByteSink } from './byte-sink.js';

/**
 * A writer of the Thrift compact protocol, the encoding of every Parquet header and of the footer
 * (parquet.thrift, Thrift's "compact protocol" specification). Only what those structures use:
 * i32, i64 (as JS numbers: sizes and offsets stay far below 2^53), binary, bool, struct and list.
 */

/** Compact protocol type ids. */
export const CType = { True: 1, False: 2, I32: 5, I64: 6, Binary: 8, List: 9, Struct: 12 } as const;
export type CType = (typeof CType)[keyof typeof CType];

const utf8 = new TextEncoder();

export class ThriftWriter extends ByteSink {
  private lastField = 0;
  private readonly stack: number[] = [];

  private zigzag(n: number): void {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  private header(id: number, type: CType): void {
    const delta = id - this.lastField;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.lastField = id;
  }

  i32(id: number, value: number): this {
    this.header(id, CType.I32);
    this.zigzag(value);
    return this;
  }

  i64(id: number, value: number): this {
    this.header(id, CType.I64);
    this.zigzag(value);
    return this;
  }

  bool(id: number, value: boolean): this {
    this.header(id, value ? CType.True : CType.False);
    return this;
  }

  binary(id: number, value: Uint8Array): this {
    this.header(id, CType.Binary);
    this.rawBinary(value);
    return this;
  }

  string(id: number, value: string): this {
    return this.binary(id, utf8.encode(value));
  }

  /** A struct field: its own fields follow, then `end()`. */
  struct(id: number): this {
    this.header(id, CType.Struct);
    return this.begin();
  }

  /** A list field's header; its elements follow, written with the `element*` methods or as structs. */
  list(id: number, elementType: CType, size: number): this {
    this.header(id, CType.List);
    if (size < 15) this.byte((size << 4) | elementType);
    else {
      this.byte(0xf0 | elementType);
      this.varint(size);
    }
    return this;
  }

  elementI32(value: number): this {
    this.zigzag(value);
    return this;
  }

  elementString(value: string): this {
    this.rawBinary(utf8.encode(value));
    return this;
  }

  /** The start of a struct that is a list element or the top-level message. */
  begin(): this {
    this.stack.push(this.lastField);
    this.lastField = 0;
    return this;
  }

  end(): this {
    this.byte(0); // STOP
    this.lastField = this.stack.pop() ?? 0;
    return this;
  }

  private rawBinary(value: Uint8Array): void {
    this.varint(value.length);
    this.append(value);
  }
}
