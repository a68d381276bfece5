-- The gatherings module's own migrations take versions from 1000 (the platform's stay below), in
-- the one history; spring.flyway.out-of-order lets a later platform migration still apply.
--
-- AppointmentJob moved from dev.herald.api.gatherings to dev.herald.gatherings. Quartz keeps each
-- job's class name in its table: jobs planned before the move must load under the new name.
UPDATE QRTZ_JOB_DETAILS
   SET JOB_CLASS_NAME = 'dev.herald.gatherings.AppointmentJob'
 WHERE JOB_CLASS_NAME = 'dev.herald.api.gatherings.AppointmentJob';
