// A partner system written against the plain Apache Kafka Java client, as a
// partner that does not use Node would write it: it produces one CloudEvent
// in Kafka binary mode to its inbound topic and reads its delivery topic,
// read-committed, over SASL_SSL with SCRAM-SHA-256 and Beacon's CA.
//
// The end-to-end suite test/partners/java-client.e2e-spec.ts compiles it with
// javac against the kafka-clients jar into the run's temporary folder.
//
//   java BeaconPartner produce <client.properties> <topic> <source> <type> <subject> <dataschema> <data.json>
//     prints the ce_id it sent
//   java BeaconPartner consume <client.properties> <topic> <group> <count> <timeoutMs>
//     prints one JSON line per record: {"key","headers":{…},"value"}

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public final class BeaconPartner {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) usage();
    Properties client = new Properties();
    try (var in = Files.newInputStream(Path.of(args[1]))) {
      client.load(in);
    }
    switch (args[0]) {
      case "produce" -> {
        if (args.length != 8) usage();
        produce(client, args[2], args[3], args[4], args[5], args[6], Files.readAllBytes(Path.of(args[7])));
      }
      case "consume" -> {
        if (args.length != 6) usage();
        consume(client, args[2], args[3], Integer.parseInt(args[4]), Long.parseLong(args[5]));
      }
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println("usage: BeaconPartner produce <props> <topic> <source> <type> <subject> <dataschema> <data.json>");
    System.err.println("       BeaconPartner consume <props> <topic> <group> <count> <timeoutMs>");
    System.exit(2);
  }

  private static void produce(
      Properties client, String topic, String source, String type, String subject, String dataschema, byte[] data)
      throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    String id = UUID.randomUUID().toString();
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      // Binary content mode: every attribute a ce_ header, the data the body, the subject the key.
      var record = new ProducerRecord<String, byte[]>(topic, subject, data);
      header(record, "ce_specversion", "1.0");
      header(record, "ce_id", id);
      header(record, "ce_source", source);
      header(record, "ce_type", type);
      header(record, "ce_time", Instant.now().toString());
      header(record, "ce_subject", subject);
      header(record, "ce_dataschema", dataschema);
      header(record, "content-type", "application/json");
      producer.send(record).get();
    }
    System.out.println(id);
  }

  private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void consume(Properties client, String topic, String group, int count, long timeoutMs) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    // Only what redaction committed: a delivery whose audit record was not written never shows.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    int seen = 0;
    long deadline = System.currentTimeMillis() + timeoutMs;
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (seen < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          StringBuilder line = new StringBuilder("{\"key\":").append(json(record.key())).append(",\"headers\":{");
          boolean first = true;
          for (Header h : record.headers()) {
            if (!first) line.append(',');
            first = false;
            line.append(json(h.key())).append(':').append(json(new String(h.value(), StandardCharsets.UTF_8)));
          }
          line.append("},\"value\":").append(json(new String(record.value(), StandardCharsets.UTF_8))).append('}');
          System.out.println(line);
          seen++;
        }
      }
      consumer.commitSync();
    }
    if (seen < count) {
      System.err.println("read " + seen + " of " + count + " records from " + topic + " within " + timeoutMs + " ms");
      System.exit(1);
    }
  }

  private static String json(String text) {
    if (text == null) return "null";
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }
}
