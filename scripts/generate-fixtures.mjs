// Writes the fixtures (airports, schedule, customers, bookings) deterministically: same
// script, same files. Edit the tables below and rerun `node scripts/generate-fixtures.mjs`;
// the output is committed so the CLI never runs this at install time.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';

const out = new URL('../fixtures/', import.meta.url);
mkdirSync(out, { recursive: true });
const write = (name, data) => writeFileSync(new URL(name, out), typeof data === 'string' ? data : `${JSON.stringify(data, null, 2)}\n`);

// ---- airports -------------------------------------------------------------------------------
const airports = [
  ['AMD', 'Sardar Vallabhbhai Patel International Airport', 'Ahmedabad'],
  ['BBI', 'Biju Patnaik International Airport', 'Bhubaneswar'],
  ['BLR', 'Kempegowda International Airport', 'Bengaluru'],
  ['BOM', 'Chhatrapati Shivaji Maharaj International Airport', 'Mumbai'],
  ['CCU', 'Netaji Subhas Chandra Bose International Airport', 'Kolkata'],
  ['COK', 'Cochin International Airport', 'Kochi'],
  ['DEL', 'Indira Gandhi International Airport', 'New Delhi'],
  ['GAU', 'Lokpriya Gopinath Bordoloi International Airport', 'Guwahati'],
  ['GOX', 'Manohar International Airport', 'Goa (Mopa)'],
  ['HYD', 'Rajiv Gandhi International Airport', 'Hyderabad'],
  ['IXB', 'Bagdogra Airport', 'Siliguri'],
  ['LKO', 'Chaudhary Charan Singh International Airport', 'Lucknow'],
  ['MAA', 'Chennai International Airport', 'Chennai'],
  ['PNQ', 'Pune International Airport', 'Pune'],
  ['VNS', 'Lal Bahadur Shastri International Airport', 'Varanasi'],
].map(([code, name, city]) => ({ code, name, city, tz: 'Asia/Kolkata' }));
write('airports.json', airports);

// ---- schedule -------------------------------------------------------------------------------
// Block time (minutes) and base fare (INR) per city pair, both directions.
const pairs = {
  'BOM-DEL': [130, 5499], 'BLR-DEL': [165, 6299], 'BLR-BOM': [105, 4599], 'BLR-HYD': [75, 3299],
  'BOM-HYD': [85, 3899], 'DEL-HYD': [135, 5699], 'AMD-BOM': [70, 2999], 'AMD-DEL': [95, 3999],
  'BOM-GOX': [75, 3499], 'BLR-GOX': [70, 3299], 'BLR-COK': [70, 3199], 'BOM-COK': [115, 4499],
  'CCU-DEL': [130, 5299], 'BOM-CCU': [160, 5999], 'BLR-CCU': [150, 5799], 'CCU-GAU': [75, 3599],
  'DEL-GAU': [155, 5899], 'CCU-IXB': [65, 3099], 'DEL-LKO': [70, 3199], 'BOM-LKO': [120, 4999],
  'DEL-VNS': [85, 3699], 'BOM-MAA': [115, 4599], 'DEL-MAA': [170, 6399], 'DEL-PNQ': [130, 5299],
  'BLR-PNQ': [95, 3999], 'BBI-BLR': [130, 4999],
};
function pair(o, d) {
  const p = pairs[`${o}-${d}`] ?? pairs[`${d}-${o}`];
  if (!p) throw new Error(`no block time for ${o}-${d}`);
  return p;
}
const toMin = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const toHhmm = (m) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

// [flight, origin, destination, departure, days?, valid_from?, valid_to?, fare adjustment?]
// Early-morning and evening peak flights carry a premium over the midday ones.
const flights = [
  // the original design's sample flights, daily since 2024
  ['QP1001', 'DEL', 'BOM', '06:00'], ['QP1002', 'BOM', 'BLR', '09:05'], ['QP1003', 'BLR', 'HYD', '12:10'],
  // BOM-DEL trunk
  ['QP1101', 'DEL', 'BOM', '07:35', null, null, null, 300], ['QP1103', 'DEL', 'BOM', '10:20'], ['QP1105', 'DEL', 'BOM', '13:45', null, null, null, -400],
  ['QP1107', 'DEL', 'BOM', '17:10'], ['QP1109', 'DEL', 'BOM', '20:40', null, null, null, 500],
  ['QP1102', 'BOM', 'DEL', '06:30', null, null, null, 300], ['QP1104', 'BOM', 'DEL', '09:15'], ['QP1106', 'BOM', 'DEL', '12:40', null, null, null, -400],
  ['QP1108', 'BOM', 'DEL', '16:05'], ['QP2001', 'BOM', 'DEL', '18:30', null, null, null, 500], ['QP1110', 'BOM', 'DEL', '21:30'],
  // BLR-DEL trunk (QP1207 lands after midnight)
  ['QP1201', 'BLR', 'DEL', '05:50'], ['QP1203', 'BLR', 'DEL', '11:25', null, null, null, -300], ['QP1205', 'BLR', 'DEL', '16:40'], ['QP1207', 'BLR', 'DEL', '22:45', null, null, null, -500],
  ['QP1202', 'DEL', 'BLR', '06:15'], ['QP1204', 'DEL', 'BLR', '10:55', null, null, null, -300], ['QP1206', 'DEL', 'BLR', '15:30'], ['QP1208', 'DEL', 'BLR', '20:10', null, null, null, 400],
  // BOM-BLR trunk
  ['QP1301', 'BOM', 'BLR', '06:40'], ['QP1303', 'BOM', 'BLR', '14:15', null, null, null, -300], ['QP1305', 'BOM', 'BLR', '19:50', null, null, null, 300],
  ['QP1302', 'BLR', 'BOM', '07:10'], ['QP1304', 'BLR', 'BOM', '11:50'], ['QP1306', 'BLR', 'BOM', '16:25', null, null, null, -300], ['QP1308', 'BLR', 'BOM', '21:05', null, null, null, 300],
  // Hyderabad
  ['QP1401', 'BLR', 'HYD', '18:35'], ['QP1402', 'HYD', 'BLR', '07:45'], ['QP1404', 'HYD', 'BLR', '14:20'],
  ['QP1411', 'BOM', 'HYD', '08:25'], ['QP1412', 'HYD', 'BOM', '19:15'],
  ['QP1421', 'DEL', 'HYD', '07:05'], ['QP1423', 'DEL', 'HYD', '18:00'], ['QP1422', 'HYD', 'DEL', '10:35'], ['QP1424', 'HYD', 'DEL', '21:10'],
  // Ahmedabad, Goa
  ['QP1501', 'BOM', 'AMD', '07:20'], ['QP1502', 'AMD', 'BOM', '09:10'], ['QP1511', 'DEL', 'AMD', '15:05'], ['QP1512', 'AMD', 'DEL', '17:50'],
  ['QP1521', 'BOM', 'GOX', '11:05'], ['QP1522', 'GOX', 'BOM', '13:05'],
  ['QP1531', 'BLR', 'GOX', '09:30', '1357'], ['QP1532', 'GOX', 'BLR', '11:25', '1357'],
  // Kochi
  ['QP1601', 'BLR', 'COK', '08:10'], ['QP1603', 'BLR', 'COK', '19:25'], ['QP1602', 'COK', 'BLR', '10:05'], ['QP1604', 'COK', 'BLR', '21:15'],
  ['QP1611', 'BOM', 'COK', '15:35'], ['QP1612', 'COK', 'BOM', '18:20'],
  // Kolkata and the north-east
  ['QP1701', 'DEL', 'CCU', '08:45'], ['QP1703', 'DEL', 'CCU', '19:40'], ['QP1702', 'CCU', 'DEL', '11:40'], ['QP1704', 'CCU', 'DEL', '06:25'],
  ['QP1711', 'BOM', 'CCU', '10:10'], ['QP1712', 'CCU', 'BOM', '13:35'], ['QP1721', 'BLR', 'CCU', '13:05'], ['QP1722', 'CCU', 'BLR', '16:20'],
  ['QP1731', 'CCU', 'GAU', '08:05'], ['QP1732', 'GAU', 'CCU', '09:55'],
  // QP1741/1742 move to later slots with the 2026-27 winter schedule (two validity periods)
  ['QP1741', 'DEL', 'GAU', '08:00', null, '2024-01-01', '2026-10-24'], ['QP1741', 'DEL', 'GAU', '09:15', null, '2026-10-25', '2027-12-31'],
  ['QP1742', 'GAU', 'DEL', '11:30', null, '2024-01-01', '2026-10-24'], ['QP1742', 'GAU', 'DEL', '12:45', null, '2026-10-25', '2027-12-31'],
  ['QP1751', 'CCU', 'IXB', '12:20', '12345'], ['QP1752', 'IXB', 'CCU', '14:05', '12345'],
  // north and the rest
  ['QP1801', 'DEL', 'LKO', '09:20'], ['QP1802', 'LKO', 'DEL', '11:10'], ['QP1811', 'BOM', 'LKO', '17:45'], ['QP1812', 'LKO', 'BOM', '20:25'],
  ['QP1821', 'DEL', 'VNS', '13:30', '246'], ['QP1822', 'VNS', 'DEL', '15:35', '246'],
  ['QP1901', 'BOM', 'MAA', '07:55'], ['QP1902', 'MAA', 'BOM', '10:30'], ['QP1911', 'DEL', 'MAA', '16:15'], ['QP1912', 'MAA', 'DEL', '19:45'],
  ['QP1921', 'DEL', 'PNQ', '12:25'], ['QP1922', 'PNQ', 'DEL', '15:20'], ['QP1931', 'BLR', 'PNQ', '10:45'], ['QP1932', 'PNQ', 'BLR', '13:00'],
  ['QP1941', 'BLR', 'BBI', '09:40'], ['QP1942', 'BBI', 'BLR', '12:30'],
];
const schedule = flights.map(([flight_number, origin, destination, departure_time, days, from, to, adjust]) => {
  const [block, fare] = pair(origin, destination);
  const arr = toMin(departure_time) + block;
  return {
    flight_number,
    origin,
    destination,
    departure_time,
    arrival_time: toHhmm(arr),
    arrival_day_offset: arr >= 24 * 60 ? 1 : 0,
    days_of_operation: days ?? '1234567',
    valid_from: from ?? '2024-01-01',
    valid_to: to ?? '2027-12-31',
    aircraft_type: '7M8',
    base_fare: fare + (adjust ?? 0),
  };
});
write('schedule.json', schedule);

// A small CSV example of the import format: a summer 2028 extension of two trunk flights.
const csvCols = Object.keys(schedule[0]);
const csvRows = schedule
  .filter((s) => ['QP1101', 'QP1102'].includes(s.flight_number))
  .map((s) => ({ ...s, valid_from: '2028-03-26', valid_to: '2028-10-28' }));
write('schedule.csv', `${csvCols.join(',')}\n${csvRows.map((r) => csvCols.map((c) => r[c]).join(',')).join('\n')}\n`);

// ---- customers ------------------------------------------------------------------------------
const firstNames = ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Meera', 'Arjun', 'Kavya', 'Siddharth', 'Isha', 'Rahul', 'Neha', 'Aditya', 'Pooja', 'Karan', 'Sneha', 'Nikhil', 'Divya', 'Varun', 'Riya', 'Manish', 'Shreya', 'Amit', 'Tanvi', 'Harsh'];
const lastNames = ['Sharma', 'Iyer', 'Patel', 'Reddy', 'Nair', 'Gupta', 'Menon', 'Khan', 'Das', 'Joshi', 'Singh', 'Rao', 'Kulkarni', 'Banerjee', 'Chopra', 'Pillai', 'Mehta', 'Bose', 'Verma', 'Desai', 'Hegde', 'Saxena', 'Fernandes', 'Ahmed', 'Shetty'];
const tiers = ['none', 'none', 'silver', 'none', 'gold', 'none', 'silver', 'platinum', 'none', 'silver'];
const prefs = ['window', 'aisle', 'none', 'window', 'aisle'];
const channels = ['email', 'sms', 'whatsapp', 'email'];
const customers = Array.from({ length: 50 }, (_, i) => {
  const first = firstNames[i % firstNames.length];
  const last = lastNames[(i * 7) % lastNames.length];
  return {
    id: `CUST${String(i + 1).padStart(3, '0')}`,
    name: `${first} ${last}`,
    email: `${first}.${last}${i + 1}@example.in`.toLowerCase(),
    phone: `+91 9${String(8000 + ((i * 373) % 2000)).padStart(4, '0')} ${String(10000 + ((i * 7919) % 90000)).padStart(5, '0')}`,
    loyalty_tier: tiers[i % tiers.length],
    seat_preference: prefs[i % prefs.length],
    special_assistance: i % 11 === 4 ? 1 : 0,
    notification_channel: channels[i % channels.length],
  };
});
write('customers.json', customers);

// ---- bookings -------------------------------------------------------------------------------
// Locators are locatorForIndex(i) (src/domain/locator.ts); generated load-test bookings
// start at index 1000, so fixture and generated locators never collide.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function locatorForIndex(n) {
  const size = ALPHABET.length ** 6;
  let x = Number((BigInt(n % size) * 48271n + 12345n) % BigInt(size));
  let s = '';
  for (let i = 0; i < 6; i++) {
    s = ALPHABET[x % ALPHABET.length] + s;
    x = Math.floor(x / ALPHABET.length);
  }
  return s;
}
function uuidFor(seed) {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const seatOrder = (() => {
  // 737-8: rows 1-31 A-F, row 32 A-C; fixture seats spread from the front.
  const seats = [];
  for (let r = 1; r <= 31; r++) for (const l of 'ABCDEF') seats.push(`${r}${l}`);
  for (const l of 'ABC') seats.push(`32${l}`);
  return seats;
})();
const byFlight = new Map();
for (const s of schedule) if (!byFlight.has(s.flight_number)) byFlight.set(s.flight_number, s);
const weekday = (date) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};
function lineFor(fn, date) {
  return schedule.find((s) => s.flight_number === fn && date >= s.valid_from && date <= s.valid_to && s.days_of_operation.includes(String(weekday(date))));
}

// [flight, date, how many, statuses cycle]
const plan = [
  ['QP1001', '2026-12-01', 11], ['QP1002', '2026-12-01', 6], ['QP1003', '2026-12-01', 5],
  ['QP2001', '2026-12-01', 12], ['QP1101', '2026-12-01', 4], ['QP1103', '2026-12-01', 3], ['QP1107', '2026-12-01', 3],
  ['QP1104', '2026-12-01', 3], ['QP1201', '2026-12-01', 3], ['QP1202', '2026-12-01', 3], ['QP1301', '2026-12-01', 3],
  ['QP1701', '2026-12-01', 3], ['QP1741', '2026-12-01', 2], ['QP1421', '2026-12-01', 2], ['QP1601', '2026-12-01', 2],
  ['QP1001', '2026-12-02', 4], ['QP2001', '2026-12-02', 4], ['QP1002', '2026-12-03', 3], ['QP1107', '2026-12-03', 2],
  ['QP1205', '2026-12-05', 3], ['QP1305', '2026-12-12', 3], ['QP1521', '2026-12-24', 4], ['QP1531', '2026-12-27', 3],
  ['QP1001', '2026-12-31', 3], ['QP1109', '2027-01-01', 3], ['QP1703', '2027-01-10', 2], ['QP1911', '2027-01-15', 2],
  ['QP1003', '2027-01-20', 2], ['QP1821', '2027-02-04', 2], ['QP1941', '2027-02-14', 2],
];
const bookings = [];
let n = 0;
for (const [fn, date, count] of plan) {
  const line = lineFor(fn, date);
  if (!line) throw new Error(`${fn} does not operate on ${date}`);
  for (let k = 0; k < count; k++, n++) {
    const customer = customers[(n * 17) % customers.length];
    // Mostly confirmed; every 9th pending, every 13th cancelled.
    const status = n % 13 === 12 ? 'cancelled' : n % 9 === 8 ? 'pending' : 'confirmed';
    const seat = seatOrder[(k * 37 + n) % seatOrder.length];
    const created = new Date(Date.parse('2026-11-02T04:30:00Z') + n * 3_517_000).toISOString();
    const updated = status === 'cancelled' ? new Date(Date.parse(created) + 86_400_000).toISOString() : created;
    bookings.push({
      id: uuidFor(`akasa-fixture-booking-${n}`),
      locator: locatorForIndex(n),
      customer_id: customer.id,
      passenger_name: customer.name,
      flight_number: fn,
      origin: line.origin,
      destination: line.destination,
      depart_date: date,
      seat,
      fare_paid: line.base_fare,
      status,
      created_at: created,
      updated_at: updated,
    });
  }
}
// No seat twice on a flight-date.
const seen = new Set();
for (const b of bookings) {
  const key = `${b.flight_number}|${b.depart_date}|${b.seat}`;
  if (seen.has(key)) throw new Error(`seat clash ${key}`);
  seen.add(key);
}
write('bookings.json', bookings);
console.log(`airports ${airports.length}, schedule lines ${schedule.length}, customers ${customers.length}, bookings ${bookings.length}`);
