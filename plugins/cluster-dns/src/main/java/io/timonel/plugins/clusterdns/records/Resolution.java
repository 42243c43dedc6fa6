package io.timonel.plugins.clusterdns.records;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** What the index says about a question: the four ways an authoritative-or-forwarding server answers. */
public sealed interface Resolution {

    /**
     * The name has records of the asked type (or a CNAME).
     *
     * @param records the answer section, CNAME first when there is one, in-zone targets followed
     * @param chase   a target outside the zone that a CNAME points at, whose records of the asked
     *                type the server should fetch upstream and append; null when none
     */
    record Answer(List<Record> records, Name chase) implements Resolution {
        public Answer {
            records = List.copyOf(records);
        }
    }

    /** The name exists in the zone but has no record of the asked type (NOERROR, SOA in authority). */
    record NoData() implements Resolution {
    }

    /** The name does not exist in the zone (NXDOMAIN, SOA in authority). */
    record NxDomain() implements Resolution {
    }

    /** The name is not ours: forward the query to the upstream resolvers. */
    record Forward() implements Resolution {
    }

    NoData NO_DATA = new NoData();
    NxDomain NX_DOMAIN = new NxDomain();
    Forward FORWARD = new Forward();
}
