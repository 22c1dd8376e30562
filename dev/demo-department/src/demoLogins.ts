/**
 * The demo department's logins, as backend/supabase/seed.sql creates them: one person per role, each one of the
 * radiographers whose names are in the demo images. `npm start` prints them; tests sign in with them. A test
 * checks that the seed and this list agree.
 */
import type { Enums } from '@iqs/database';

/** Demo only: the seed gives every demo login this password. */
export const DEMO_PASSWORD = 'iqs-demo-2026';
export const DEMO_SITE_ID = 'a0000000-0000-4000-8000-000000000001';

export interface DemoLogin {
  readonly email: string;
  readonly name: string;
  readonly role: Enums<'iqs_role'>;
  readonly personId: string;
  /** OperatorsName in the demo images */
  readonly operatorName: string;
}

export const DEMO_PEOPLE = {
  petra: {
    email: 'petra.jansen@demo.iqs.example',
    name: 'Petra Jansen',
    role: 'radiographer',
    personId: 'b0000000-0000-4000-8000-000000000001',
    operatorName: 'Jansen^Petra',
  },
  daan: {
    email: 'daan.smit@demo.iqs.example',
    name: 'Daan Smit',
    role: 'radiographer',
    personId: 'b0000000-0000-4000-8000-000000000005',
    operatorName: 'Smit^Daan',
  },
  anna: {
    email: 'anna.devries@demo.iqs.example',
    name: 'Anna de Vries',
    role: 'reviewer',
    personId: 'b0000000-0000-4000-8000-000000000002',
    operatorName: 'de Vries^Anna',
  },
  fatima: {
    email: 'fatima.mulder@demo.iqs.example',
    name: 'Fatima Mulder',
    role: 'quality_officer',
    personId: 'b0000000-0000-4000-8000-000000000006',
    operatorName: 'Mulder^Fatima',
  },
  jeroen: {
    email: 'jeroen.bakker@demo.iqs.example',
    name: 'Jeroen Bakker',
    role: 'admin',
    personId: 'b0000000-0000-4000-8000-000000000003',
    operatorName: 'Bakker^Jeroen',
  },
} as const satisfies Record<string, DemoLogin>;
