package dev.jobpipe.schemas.serde.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class BoundedBinaryDecoderTest {

  private interface Writes {
    void to(BinaryEncoder encoder) throws IOException;
  }

  private static BoundedBinaryDecoder over(Writes writes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    writes.to(encoder);
    encoder.flush();
    byte[] bytes = out.toByteArray();
    return new BoundedBinaryDecoder().configure(bytes, 0, bytes.length);
  }

  private static BoundedBinaryDecoder over(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    return new BoundedBinaryDecoder().configure(data, 0, data.length);
  }

  @Test
  void readsWhatAvrosEncoderWrites() throws IOException {
    byte[] fixed = {9, 8, 7};
    BoundedBinaryDecoder decoder = over(e -> {
      e.writeBoolean(true);
      e.writeBoolean(false);
      for (int v : new int[] {0, -1, 1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
        e.writeInt(v);
      }
      for (long v : new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40}) {
        e.writeLong(v);
      }
      e.writeFloat(3.25f);
      e.writeDouble(-1e300);
      e.writeString("héllo");
      e.writeString(new Utf8("utf8"));
      e.writeBytes(new byte[] {1, 2, 3});
      e.writeFixed(fixed);
      e.writeEnum(2);
      e.writeIndex(1);
    });

    assertThat(decoder.readBoolean()).isTrue();
    assertThat(decoder.readBoolean()).isFalse();
    for (int v : new int[] {0, -1, 1, 63, -64, 64, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      assertThat(decoder.readInt()).isEqualTo(v);
    }
    for (long v : new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40}) {
      assertThat(decoder.readLong()).isEqualTo(v);
    }
    assertThat(decoder.readFloat()).isEqualTo(3.25f);
    assertThat(decoder.readDouble()).isEqualTo(-1e300);
    assertThat(decoder.readString()).isEqualTo("héllo");
    assertThat(decoder.readString(new Utf8("a much longer old value")).toString()).isEqualTo("utf8");
    ByteBuffer reuse = ByteBuffer.allocate(10);
    assertThat(decoder.readBytes(reuse)).isSameAs(reuse).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    byte[] read = new byte[3];
    decoder.readFixed(read, 0, 3);
    assertThat(read).containsExactly(fixed);
    assertThat(decoder.readEnum()).isEqualTo(2);
    assertThat(decoder.readIndex()).isEqualTo(1);
    assertThat(decoder.isEnd()).isTrue();
  }

  @Test
  void readsAndSkipsBlockedCollectionsWithByteSizes() throws IOException {
    Schema schema = SchemaBuilder.record("R").fields()
        .name("skipped").type().array().items().stringType().noDefault()
        .name("kept").type().map().values().longType().noDefault()
        .name("tail").type().intType().noDefault().endRecord();
    List<String> items = new ArrayList<>();
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      items.add("item-" + i);
      map.put("k" + i, (long) i);
    }
    GenericRecord record = new GenericData.Record(schema);
    record.put("skipped", items);
    record.put("kept", map);
    record.put("tail", 77);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // the blocking encoder writes negative block counts followed by byte sizes
    BinaryEncoder encoder = new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    byte[] bytes = out.toByteArray();
    Schema reader = SchemaBuilder.record("R").fields()
        .name("kept").type().map().values().longType().noDefault()
        .name("tail").type().intType().noDefault().endRecord();

    BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().configure(bytes, 0, bytes.length);
    GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema, reader).read(null, decoder);
    BoundedBinaryDecoder again = new BoundedBinaryDecoder().configure(bytes, 0, bytes.length);
    GenericRecord full = new GenericDatumReader<GenericRecord>(schema).read(null, again);

    assertThat(((Map<?, ?>) decoded.get("kept"))).hasSize(500);
    assertThat(decoded.get("tail")).isEqualTo(77);
    assertThat(decoder.isEnd()).isTrue();
    assertThat(((List<?>) full.get("skipped"))).hasSize(500);
    assertThat(again.isEnd()).isTrue();
  }

  @Test
  void respectsTheConfiguredWindow() throws IOException {
    byte[] data = {99, 2, 4, 99};
    BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().configure(data, 1, 2);

    assertThat(decoder.readInt()).isEqualTo(1);
    assertThat(decoder.remaining()).isEqualTo(1);
    assertThat(decoder.readInt()).isEqualTo(2);
    assertThatThrownBy(decoder::readInt).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> decoder.configure(data, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rejectsLengthsBeyondTheData() {
    // string of length 2^30 with 2 bytes of data
    assertThatThrownBy(() -> over(0x80, 0x80, 0x80, 0x80, 0x08, 'a', 'b').readString())
        .isInstanceOf(BoundedBinaryDecoder.CorruptDataException.class)
        .hasMessageContaining("exceeds the 2 bytes left");
    assertThatThrownBy(() -> over(0x80, 0x80, 0x80, 0x80, 0x08).readBytes(null))
        .isInstanceOf(BoundedBinaryDecoder.CorruptDataException.class);
    assertThatThrownBy(() -> over(0x80, 0x80, 0x80, 0x80, 0x08).skipString())
        .isInstanceOf(BoundedBinaryDecoder.CorruptDataException.class);
    assertThatThrownBy(() -> over(0x03).readString()).hasMessageContaining("negative string length");
    assertThatThrownBy(() -> over(1, 2).readFixed(new byte[4], 0, 4)).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> over(1, 2).skipFixed(4)).isInstanceOf(EOFException.class);
  }

  @Test
  void rejectsCollectionCountsThatCannotFit() {
    // 2^40 items, 0 bytes left
    assertThatThrownBy(() -> over(0x80, 0x80, 0x80, 0x80, 0x80, 0x40).readArrayStart())
        .hasMessageContaining("cannot fit");
    assertThatThrownBy(() -> over(0x80, 0x80, 0x80, 0x80, 0x80, 0x40).readMapStart())
        .hasMessageContaining("cannot fit");
    // negative count (-1 block) with a byte size larger than what is left
    assertThatThrownBy(() -> over(0x01, 0x7e).arrayNext()).hasMessageContaining("block size");
    assertThatThrownBy(() -> over(0x01, 0x7e).skipMap()).hasMessageContaining("block size");
  }

  @Test
  void acceptsCountsOfItemsThatTakeNoBytes() throws IOException {
    BoundedBinaryDecoder decoder = over(e -> {
      e.writeArrayStart();
      e.setItemCount(1000);
      for (int i = 0; i < 1000; i++) {
        e.startItem();
        e.writeNull();
      }
      e.writeArrayEnd();
    });

    assertThat(decoder.readArrayStart()).isEqualTo(1000);
    assertThat(decoder.arrayNext()).isZero();
  }

  @Test
  void rejectsMalformedPrimitives() {
    assertThatThrownBy(() -> over(2).readBoolean()).hasMessageContaining("invalid boolean");
    assertThatThrownBy(() -> over(0xff, 0xff, 0xff, 0xff, 0xff, 0x01).readInt()).hasMessageContaining("longer than 5");
    assertThatThrownBy(() -> over(0xff, 0xff, 0xff, 0xff, 0x7f).readInt()).hasMessageContaining("overflows");
    assertThatThrownBy(() -> over(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).readLong())
        .hasMessageContaining("longer than 10");
    assertThatThrownBy(() -> over(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).readLong())
        .hasMessageContaining("overflows");
    assertThatThrownBy(() -> over(0x80).readLong()).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> over(1, 2, 3).readFloat()).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> over(1, 2, 3, 4, 5, 6, 7).readDouble()).isInstanceOf(EOFException.class);
  }

  @Test
  void clearDropsTheReference() throws IOException {
    BoundedBinaryDecoder decoder = over("x".getBytes(StandardCharsets.UTF_8)[0]);
    decoder.clear();

    assertThat(decoder.isEnd()).isTrue();
    assertThatThrownBy(decoder::readInt).isInstanceOf(EOFException.class);
  }
}
