/**
 * Generated from the database schema by `npm run db:types` (dev/supabase-local/src/generateDatabaseTypes.ts).
 * Do not edit: change the migrations in backend/supabase/migrations and generate again.
 */
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
      audit_log: {
        Row: {
          id: number;
          site_id: string;
          actor_id: string | null;
          action: string;
          target_table: string | null;
          target_id: string | null;
          details: Json;
          at: string;
        };
        Insert: {
          id?: never;
          site_id: string;
          actor_id?: string | null;
          action: string;
          target_table?: string | null;
          target_id?: string | null;
          details?: Json;
          at?: string;
        };
        Update: {
          id?: never;
          site_id?: string;
          actor_id?: string | null;
          action?: string;
          target_table?: string | null;
          target_id?: string | null;
          details?: Json;
          at?: string;
        };
        Relationships: [];
      };
      coverage_targets: {
        Row: {
          site_id: string;
          self_evaluations_per_procedure: number;
          peer_reviews_per_radiographer: number;
          updated_by: string | null;
          updated_at: string;
        };
        Insert: {
          site_id: string;
          self_evaluations_per_procedure?: number;
          peer_reviews_per_radiographer?: number;
          updated_by?: string | null;
          updated_at?: string;
        };
        Update: {
          site_id?: string;
          self_evaluations_per_procedure?: number;
          peer_reviews_per_radiographer?: number;
          updated_by?: string | null;
          updated_at?: string;
        };
        Relationships: [];
      };
      dose_reference_sets: {
        Row: {
          code: string;
          name: string;
          country: string;
          source: string;
          source_url: string | null;
          published_on: string | null;
          published_year: number | null;
          notes: string | null;
        };
        Insert: {
          code: string;
          name: string;
          country: string;
          source: string;
          source_url?: string | null;
          published_on?: string | null;
          published_year?: number | null;
          notes?: string | null;
        };
        Update: {
          code?: string;
          name?: string;
          country?: string;
          source?: string;
          source_url?: string | null;
          published_on?: string | null;
          published_year?: number | null;
          notes?: string | null;
        };
        Relationships: [];
      };
      dose_reference_values: {
        Row: {
          id: string;
          set_code: string;
          exam_key: string;
          label: string;
          modality: string | null;
          view_position: string | null;
          quantity: Database['public']['Enums']['dose_quantity'];
          published_unit: string;
          published_drl: number;
          published_target: number | null;
          drl_value: number;
          target_value: number | null;
          age_min: number | null;
          age_max: number | null;
          reference_weight_kg: number | null;
          thickness_mm: number | null;
          notes: string | null;
        };
        Insert: {
          id?: string;
          set_code: string;
          exam_key: string;
          label: string;
          modality?: string | null;
          view_position?: string | null;
          quantity: Database['public']['Enums']['dose_quantity'];
          published_unit: string;
          published_drl: number;
          published_target?: number | null;
          drl_value: number;
          target_value?: number | null;
          age_min?: number | null;
          age_max?: number | null;
          reference_weight_kg?: number | null;
          thickness_mm?: number | null;
          notes?: string | null;
        };
        Update: {
          id?: string;
          set_code?: string;
          exam_key?: string;
          label?: string;
          modality?: string | null;
          view_position?: string | null;
          quantity?: Database['public']['Enums']['dose_quantity'];
          published_unit?: string;
          published_drl?: number;
          published_target?: number | null;
          drl_value?: number;
          target_value?: number | null;
          age_min?: number | null;
          age_max?: number | null;
          reference_weight_kg?: number | null;
          thickness_mm?: number | null;
          notes?: string | null;
        };
        Relationships: [];
      };
      dose_reports: {
        Row: {
          id: string;
          site_id: string;
          sop_instance_uid: string;
          study_instance_uid: string | null;
          series_instance_uid: string | null;
          study_date: string | null;
          station_id: string | null;
          station_name: string | null;
          procedure_id: string | null;
          study_description: string | null;
          operator_names: string[] | null;
          patient_age_years: number | null;
          dap_gy_cm2: number | null;
          dlp_mgy_cm: number | null;
          ctdivol_mgy: number | null;
          exposure_index: number | null;
          target_exposure_index: number | null;
          deviation_index: number | null;
          source: Database['public']['Enums']['image_source'];
          source_ref: string | null;
          ingested_at: string;
        };
        Insert: {
          id?: string;
          site_id: string;
          sop_instance_uid: string;
          study_instance_uid?: string | null;
          series_instance_uid?: string | null;
          study_date?: string | null;
          station_id?: string | null;
          station_name?: string | null;
          procedure_id?: string | null;
          study_description?: string | null;
          operator_names?: string[] | null;
          patient_age_years?: number | null;
          dap_gy_cm2?: number | null;
          dlp_mgy_cm?: number | null;
          ctdivol_mgy?: number | null;
          exposure_index?: number | null;
          target_exposure_index?: number | null;
          deviation_index?: number | null;
          source: Database['public']['Enums']['image_source'];
          source_ref?: string | null;
          ingested_at?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          sop_instance_uid?: string;
          study_instance_uid?: string | null;
          series_instance_uid?: string | null;
          study_date?: string | null;
          station_id?: string | null;
          station_name?: string | null;
          procedure_id?: string | null;
          study_description?: string | null;
          operator_names?: string[] | null;
          patient_age_years?: number | null;
          dap_gy_cm2?: number | null;
          dlp_mgy_cm?: number | null;
          ctdivol_mgy?: number | null;
          exposure_index?: number | null;
          target_exposure_index?: number | null;
          deviation_index?: number | null;
          source?: Database['public']['Enums']['image_source'];
          source_ref?: string | null;
          ingested_at?: string;
        };
        Relationships: [];
      };
      drls: {
        Row: {
          id: string;
          site_id: string;
          procedure_id: string | null;
          label: string;
          view_position: string | null;
          quantity: Database['public']['Enums']['dose_quantity'];
          unit: string;
          drl_value: number;
          target_value: number | null;
          age_min: number | null;
          age_max: number | null;
          source: string;
          source_url: string | null;
          valid_from: string;
          valid_to: string | null;
          notes: string | null;
          updated_by: string | null;
          updated_at: string;
          reference_value_id: string | null;
          reference_set: string | null;
          published_value: number | null;
          published_target: number | null;
          published_unit: string | null;
          thickness_mm: number | null;
        };
        Insert: {
          id?: string;
          site_id: string;
          procedure_id?: string | null;
          label: string;
          view_position?: string | null;
          quantity: Database['public']['Enums']['dose_quantity'];
          unit: string;
          drl_value: number;
          target_value?: number | null;
          age_min?: number | null;
          age_max?: number | null;
          source: string;
          source_url?: string | null;
          valid_from: string;
          valid_to?: string | null;
          notes?: string | null;
          updated_by?: string | null;
          updated_at?: string;
          reference_value_id?: string | null;
          reference_set?: string | null;
          published_value?: number | null;
          published_target?: number | null;
          published_unit?: string | null;
          thickness_mm?: number | null;
        };
        Update: {
          id?: string;
          site_id?: string;
          procedure_id?: string | null;
          label?: string;
          view_position?: string | null;
          quantity?: Database['public']['Enums']['dose_quantity'];
          unit?: string;
          drl_value?: number;
          target_value?: number | null;
          age_min?: number | null;
          age_max?: number | null;
          source?: string;
          source_url?: string | null;
          valid_from?: string;
          valid_to?: string | null;
          notes?: string | null;
          updated_by?: string | null;
          updated_at?: string;
          reference_value_id?: string | null;
          reference_set?: string | null;
          published_value?: number | null;
          published_target?: number | null;
          published_unit?: string | null;
          thickness_mm?: number | null;
        };
        Relationships: [];
      };
      evaluation_items: {
        Row: {
          id: string;
          site_id: string;
          evaluation_id: string;
          image_id: string;
          form_id: string;
          position: number;
          state: Database['public']['Enums']['item_state'];
          updated_at: string;
          unit: Database['public']['Enums']['item_unit'];
        };
        Insert: {
          id?: string;
          site_id: string;
          evaluation_id: string;
          image_id: string;
          form_id: string;
          position: number;
          state?: Database['public']['Enums']['item_state'];
          updated_at?: string;
          unit?: Database['public']['Enums']['item_unit'];
        };
        Update: {
          id?: string;
          site_id?: string;
          evaluation_id?: string;
          image_id?: string;
          form_id?: string;
          position?: number;
          state?: Database['public']['Enums']['item_state'];
          updated_at?: string;
          unit?: Database['public']['Enums']['item_unit'];
        };
        Relationships: [];
      };
      evaluations: {
        Row: {
          id: string;
          site_id: string;
          use: Database['public']['Enums']['evaluation_use'];
          name: string;
          evaluator_id: string;
          subject_person_id: string | null;
          filter: Json;
          seed: number;
          sample_size: number;
          blind: boolean;
          status: Database['public']['Enums']['evaluation_status'];
          created_at: string;
          closed_at: string | null;
        };
        Insert: {
          id?: string;
          site_id: string;
          use: Database['public']['Enums']['evaluation_use'];
          name: string;
          evaluator_id: string;
          subject_person_id?: string | null;
          filter?: Json;
          seed: number;
          sample_size: number;
          blind?: boolean;
          status?: Database['public']['Enums']['evaluation_status'];
          created_at?: string;
          closed_at?: string | null;
        };
        Update: {
          id?: string;
          site_id?: string;
          use?: Database['public']['Enums']['evaluation_use'];
          name?: string;
          evaluator_id?: string;
          subject_person_id?: string | null;
          filter?: Json;
          seed?: number;
          sample_size?: number;
          blind?: boolean;
          status?: Database['public']['Enums']['evaluation_status'];
          created_at?: string;
          closed_at?: string | null;
        };
        Relationships: [];
      };
      harvest_progress: {
        Row: {
          site_id: string;
          source: string;
          study_instance_uid: string;
          instances: number;
          harvested_at: string;
        };
        Insert: {
          site_id: string;
          source: string;
          study_instance_uid: string;
          instances: number;
          harvested_at?: string;
        };
        Update: {
          site_id?: string;
          source?: string;
          study_instance_uid?: string;
          instances?: number;
          harvested_at?: string;
        };
        Relationships: [];
      };
      image_operators: {
        Row: {
          site_id: string;
          image_id: string;
          position: number;
          raw_name: string;
          person_id: string | null;
        };
        Insert: {
          site_id: string;
          image_id: string;
          position: number;
          raw_name: string;
          person_id?: string | null;
        };
        Update: {
          site_id?: string;
          image_id?: string;
          position?: number;
          raw_name?: string;
          person_id?: string | null;
        };
        Relationships: [];
      };
      images: {
        Row: {
          id: string;
          site_id: string;
          sop_instance_uid: string;
          study_instance_uid: string;
          series_instance_uid: string;
          sop_class_uid: string | null;
          modality: string | null;
          study_date: string | null;
          station_id: string | null;
          station_name: string | null;
          procedure_id: string | null;
          study_description: string | null;
          view_position: string | null;
          patient_age_years: number | null;
          dap_gy_cm2: number | null;
          organ_dose_mgy: number | null;
          body_part_thickness_mm: number | null;
          ctdivol_mgy: number | null;
          dlp_mgy_cm: number | null;
          exposure_index: number | null;
          target_exposure_index: number | null;
          deviation_index: number | null;
          rejected: boolean;
          source: Database['public']['Enums']['image_source'];
          source_ref: string | null;
          ingested_at: string;
          protocol_name: string | null;
          series_description: string | null;
          reject_source: string | null;
          rejected_by: string | null;
          rejected_at: string | null;
          iocm_title: string | null;
          iocm_note_date: string | null;
          patient_weight_kg: number | null;
          patient_size_m: number | null;
          kvp: number | null;
          exposure_mas: number | null;
          exposure_time_ms: number | null;
          distance_source_detector_mm: number | null;
          grid: string | null;
          filter_material: string | null;
          aec_mode: string | null;
          sample_unit: boolean;
        };
        Insert: {
          id?: string;
          site_id: string;
          sop_instance_uid: string;
          study_instance_uid: string;
          series_instance_uid: string;
          sop_class_uid?: string | null;
          modality?: string | null;
          study_date?: string | null;
          station_id?: string | null;
          station_name?: string | null;
          procedure_id?: string | null;
          study_description?: string | null;
          view_position?: string | null;
          patient_age_years?: number | null;
          dap_gy_cm2?: number | null;
          organ_dose_mgy?: number | null;
          body_part_thickness_mm?: number | null;
          ctdivol_mgy?: number | null;
          dlp_mgy_cm?: number | null;
          exposure_index?: number | null;
          target_exposure_index?: number | null;
          deviation_index?: number | null;
          rejected?: boolean;
          source: Database['public']['Enums']['image_source'];
          source_ref?: string | null;
          ingested_at?: string;
          protocol_name?: string | null;
          series_description?: string | null;
          reject_source?: string | null;
          rejected_by?: string | null;
          rejected_at?: string | null;
          iocm_title?: string | null;
          iocm_note_date?: string | null;
          patient_weight_kg?: number | null;
          patient_size_m?: number | null;
          kvp?: number | null;
          exposure_mas?: number | null;
          exposure_time_ms?: number | null;
          distance_source_detector_mm?: number | null;
          grid?: string | null;
          filter_material?: string | null;
          aec_mode?: string | null;
          sample_unit?: boolean;
        };
        Update: {
          id?: string;
          site_id?: string;
          sop_instance_uid?: string;
          study_instance_uid?: string;
          series_instance_uid?: string;
          sop_class_uid?: string | null;
          modality?: string | null;
          study_date?: string | null;
          station_id?: string | null;
          station_name?: string | null;
          procedure_id?: string | null;
          study_description?: string | null;
          view_position?: string | null;
          patient_age_years?: number | null;
          dap_gy_cm2?: number | null;
          organ_dose_mgy?: number | null;
          body_part_thickness_mm?: number | null;
          ctdivol_mgy?: number | null;
          dlp_mgy_cm?: number | null;
          exposure_index?: number | null;
          target_exposure_index?: number | null;
          deviation_index?: number | null;
          rejected?: boolean;
          source?: Database['public']['Enums']['image_source'];
          source_ref?: string | null;
          ingested_at?: string;
          protocol_name?: string | null;
          series_description?: string | null;
          reject_source?: string | null;
          rejected_by?: string | null;
          rejected_at?: string | null;
          iocm_title?: string | null;
          iocm_note_date?: string | null;
          patient_weight_kg?: number | null;
          patient_size_m?: number | null;
          kvp?: number | null;
          exposure_mas?: number | null;
          exposure_time_ms?: number | null;
          distance_source_detector_mm?: number | null;
          grid?: string | null;
          filter_material?: string | null;
          aec_mode?: string | null;
          sample_unit?: boolean;
        };
        Relationships: [];
      };
      ingest_quarantine: {
        Row: {
          id: string;
          site_id: string;
          source_ref: string;
          reason: string;
          first_seen: string;
          last_seen: string;
          attempts: number;
        };
        Insert: {
          id?: string;
          site_id: string;
          source_ref: string;
          reason: string;
          first_seen?: string;
          last_seen?: string;
          attempts?: number;
        };
        Update: {
          id?: string;
          site_id?: string;
          source_ref?: string;
          reason?: string;
          first_seen?: string;
          last_seen?: string;
          attempts?: number;
        };
        Relationships: [];
      };
      lesson_case_images: {
        Row: {
          site_id: string;
          case_id: string;
          image_id: string;
          position: number;
          origin: string;
        };
        Insert: {
          site_id: string;
          case_id: string;
          image_id: string;
          position: number;
          origin?: string;
        };
        Update: {
          site_id?: string;
          case_id?: string;
          image_id?: string;
          position?: number;
          origin?: string;
        };
        Relationships: [];
      };
      lesson_cases: {
        Row: {
          id: string;
          site_id: string;
          lesson_id: string;
          position: number;
          teaching_point: string | null;
          show_facts: boolean;
          created_at: string;
        };
        Insert: {
          id?: string;
          site_id: string;
          lesson_id: string;
          position: number;
          teaching_point?: string | null;
          show_facts?: boolean;
          created_at?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          lesson_id?: string;
          position?: number;
          teaching_point?: string | null;
          show_facts?: boolean;
          created_at?: string;
        };
        Relationships: [];
      };
      lessons: {
        Row: {
          id: string;
          site_id: string;
          title: string;
          description: string | null;
          owner_id: string;
          shared: boolean;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id?: string;
          site_id?: string;
          title: string;
          description?: string | null;
          owner_id?: string;
          shared?: boolean;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          title?: string;
          description?: string | null;
          owner_id?: string;
          shared?: boolean;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      operator_aliases: {
        Row: {
          id: string;
          site_id: string;
          raw_name: string;
          person_id: string;
        };
        Insert: {
          id?: string;
          site_id: string;
          raw_name: string;
          person_id: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          raw_name?: string;
          person_id?: string;
        };
        Relationships: [];
      };
      people: {
        Row: {
          id: string;
          site_id: string;
          auth_user_id: string | null;
          display_name: string;
          role: Database['public']['Enums']['iqs_role'];
          employment_start: string | null;
          active: boolean;
          created_at: string;
        };
        Insert: {
          id?: string;
          site_id: string;
          auth_user_id?: string | null;
          display_name: string;
          role?: Database['public']['Enums']['iqs_role'];
          employment_start?: string | null;
          active?: boolean;
          created_at?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          auth_user_id?: string | null;
          display_name?: string;
          role?: Database['public']['Enums']['iqs_role'];
          employment_start?: string | null;
          active?: boolean;
          created_at?: string;
        };
        Relationships: [];
      };
      person_group_members: {
        Row: {
          site_id: string;
          group_id: string;
          person_id: string;
        };
        Insert: {
          site_id: string;
          group_id: string;
          person_id: string;
        };
        Update: {
          site_id?: string;
          group_id?: string;
          person_id?: string;
        };
        Relationships: [];
      };
      person_groups: {
        Row: {
          id: string;
          site_id: string;
          name: string;
        };
        Insert: {
          id?: string;
          site_id: string;
          name: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          name?: string;
        };
        Relationships: [];
      };
      procedure_aliases: {
        Row: {
          id: string;
          site_id: string;
          procedure_id: string;
          field: Database['public']['Enums']['alias_field'];
          pattern: string;
          priority: number;
        };
        Insert: {
          id?: string;
          site_id: string;
          procedure_id: string;
          field?: Database['public']['Enums']['alias_field'];
          pattern: string;
          priority?: number;
        };
        Update: {
          id?: string;
          site_id?: string;
          procedure_id?: string;
          field?: Database['public']['Enums']['alias_field'];
          pattern?: string;
          priority?: number;
        };
        Relationships: [];
      };
      procedures: {
        Row: {
          id: string;
          site_id: string;
          code: string;
          name_nl: string;
          name_en: string;
          modality: string | null;
          body_part: string | null;
          active: boolean;
          reference_exam: string | null;
        };
        Insert: {
          id?: string;
          site_id: string;
          code: string;
          name_nl: string;
          name_en: string;
          modality?: string | null;
          body_part?: string | null;
          active?: boolean;
          reference_exam?: string | null;
        };
        Update: {
          id?: string;
          site_id?: string;
          code?: string;
          name_nl?: string;
          name_en?: string;
          modality?: string | null;
          body_part?: string | null;
          active?: boolean;
          reference_exam?: string | null;
        };
        Relationships: [];
      };
      quality_actions: {
        Row: {
          id: string;
          site_id: string;
          title: string;
          description: string | null;
          finding_kind: Database['public']['Enums']['finding_kind'];
          finding_ref: string | null;
          finding_label: string | null;
          owner_id: string;
          due_date: string;
          state: Database['public']['Enums']['action_state'];
          outcome: string | null;
          created_by: string | null;
          created_at: string;
          updated_at: string;
          completed_at: string | null;
        };
        Insert: {
          id?: string;
          site_id?: string;
          title: string;
          description?: string | null;
          finding_kind?: Database['public']['Enums']['finding_kind'];
          finding_ref?: string | null;
          finding_label?: string | null;
          owner_id: string;
          due_date: string;
          state?: Database['public']['Enums']['action_state'];
          outcome?: string | null;
          created_by?: string | null;
          created_at?: string;
          updated_at?: string;
          completed_at?: string | null;
        };
        Update: {
          id?: string;
          site_id?: string;
          title?: string;
          description?: string | null;
          finding_kind?: Database['public']['Enums']['finding_kind'];
          finding_ref?: string | null;
          finding_label?: string | null;
          owner_id?: string;
          due_date?: string;
          state?: Database['public']['Enums']['action_state'];
          outcome?: string | null;
          created_by?: string | null;
          created_at?: string;
          updated_at?: string;
          completed_at?: string | null;
        };
        Relationships: [];
      };
      reject_reasons: {
        Row: {
          id: string;
          site_id: string;
          coding_scheme: string;
          code: string;
          label_nl: string;
          label_en: string;
          category: string;
          counts_as_reject: boolean;
          sort_order: number;
          active: boolean;
        };
        Insert: {
          id?: string;
          site_id: string;
          coding_scheme: string;
          code: string;
          label_nl: string;
          label_en: string;
          category: string;
          counts_as_reject?: boolean;
          sort_order?: number;
          active?: boolean;
        };
        Update: {
          id?: string;
          site_id?: string;
          coding_scheme?: string;
          code?: string;
          label_nl?: string;
          label_en?: string;
          category?: string;
          counts_as_reject?: boolean;
          sort_order?: number;
          active?: boolean;
        };
        Relationships: [];
      };
      rejection_notes: {
        Row: {
          id: string;
          site_id: string;
          sop_instance_uid: string;
          study_instance_uid: string | null;
          title_code: string;
          referenced_sop_uids: string[];
          source: Database['public']['Enums']['image_source'];
          source_ref: string | null;
          ingested_at: string;
          reason_code: string | null;
          note_date: string | null;
        };
        Insert: {
          id?: string;
          site_id: string;
          sop_instance_uid: string;
          study_instance_uid?: string | null;
          title_code: string;
          referenced_sop_uids: string[];
          source: Database['public']['Enums']['image_source'];
          source_ref?: string | null;
          ingested_at?: string;
          reason_code?: string | null;
          note_date?: string | null;
        };
        Update: {
          id?: string;
          site_id?: string;
          sop_instance_uid?: string;
          study_instance_uid?: string | null;
          title_code?: string;
          referenced_sop_uids?: string[];
          source?: Database['public']['Enums']['image_source'];
          source_ref?: string | null;
          ingested_at?: string;
          reason_code?: string | null;
          note_date?: string | null;
        };
        Relationships: [];
      };
      rejects: {
        Row: {
          id: string;
          site_id: string;
          image_id: string;
          reason_id: string;
          comment: string | null;
          recorded_by: string | null;
          recorded_at: string;
          source: string;
        };
        Insert: {
          id?: string;
          site_id: string;
          image_id: string;
          reason_id: string;
          comment?: string | null;
          recorded_by?: string | null;
          recorded_at?: string;
          source?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          image_id?: string;
          reason_id?: string;
          comment?: string | null;
          recorded_by?: string | null;
          recorded_at?: string;
          source?: string;
        };
        Relationships: [];
      };
      report_recommendations: {
        Row: {
          id: string;
          site_id: string;
          kind: string;
          subject_person_id: string | null;
          period_from: string;
          period_to: string;
          text: string;
          updated_by: string | null;
          updated_at: string;
        };
        Insert: {
          id?: string;
          site_id?: string;
          kind: string;
          subject_person_id?: string | null;
          period_from: string;
          period_to: string;
          text?: string;
          updated_by?: string | null;
          updated_at?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          kind?: string;
          subject_person_id?: string | null;
          period_from?: string;
          period_to?: string;
          text?: string;
          updated_by?: string | null;
          updated_at?: string;
        };
        Relationships: [];
      };
      scores: {
        Row: {
          id: string;
          site_id: string;
          evaluation_item_id: string;
          form_id: string;
          criterion_id: string;
          value: string | null;
          comment: string | null;
          scored_by: string;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id: string;
          site_id: string;
          evaluation_item_id: string;
          form_id: string;
          criterion_id: string;
          value?: string | null;
          comment?: string | null;
          scored_by: string;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          evaluation_item_id?: string;
          form_id?: string;
          criterion_id?: string;
          value?: string | null;
          comment?: string | null;
          scored_by?: string;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      scoring_criteria: {
        Row: {
          id: string;
          site_id: string;
          form_id: string;
          position: number;
          code: string;
          kind: Database['public']['Enums']['criterion_kind'];
          label_nl: string;
          label_en: string;
          help_nl: string | null;
          help_en: string | null;
          required: boolean;
          options: Json | null;
        };
        Insert: {
          id?: string;
          site_id: string;
          form_id: string;
          position: number;
          code: string;
          kind: Database['public']['Enums']['criterion_kind'];
          label_nl: string;
          label_en: string;
          help_nl?: string | null;
          help_en?: string | null;
          required?: boolean;
          options?: Json | null;
        };
        Update: {
          id?: string;
          site_id?: string;
          form_id?: string;
          position?: number;
          code?: string;
          kind?: Database['public']['Enums']['criterion_kind'];
          label_nl?: string;
          label_en?: string;
          help_nl?: string | null;
          help_en?: string | null;
          required?: boolean;
          options?: Json | null;
        };
        Relationships: [];
      };
      scoring_form_procedures: {
        Row: {
          site_id: string;
          form_id: string;
          procedure_id: string;
          view_position: string | null;
        };
        Insert: {
          site_id: string;
          form_id: string;
          procedure_id: string;
          view_position?: string | null;
        };
        Update: {
          site_id?: string;
          form_id?: string;
          procedure_id?: string;
          view_position?: string | null;
        };
        Relationships: [];
      };
      scoring_forms: {
        Row: {
          id: string;
          site_id: string;
          code: string;
          version: number;
          title_nl: string;
          title_en: string;
          source: string;
          is_generic: boolean;
          active: boolean;
          created_at: string;
          created_by: string | null;
        };
        Insert: {
          id?: string;
          site_id: string;
          code: string;
          version?: number;
          title_nl: string;
          title_en: string;
          source: string;
          is_generic?: boolean;
          active?: boolean;
          created_at?: string;
          created_by?: string | null;
        };
        Update: {
          id?: string;
          site_id?: string;
          code?: string;
          version?: number;
          title_nl?: string;
          title_en?: string;
          source?: string;
          is_generic?: boolean;
          active?: boolean;
          created_at?: string;
          created_by?: string | null;
        };
        Relationships: [];
      };
      sites: {
        Row: {
          id: string;
          code: string;
          name: string;
          reviewer_visible_to_subject: boolean;
          created_at: string;
          reject_target_rate: number;
          reject_investigate_above: number;
          reject_investigate_below: number;
          reject_flag_min_images: number;
          dose_min_images: number;
          dose_di_fine: number;
          dose_di_attention: number;
          dose_weight_min: number;
          dose_weight_max: number;
        };
        Insert: {
          id?: string;
          code: string;
          name: string;
          reviewer_visible_to_subject?: boolean;
          created_at?: string;
          reject_target_rate?: number;
          reject_investigate_above?: number;
          reject_investigate_below?: number;
          reject_flag_min_images?: number;
          dose_min_images?: number;
          dose_di_fine?: number;
          dose_di_attention?: number;
          dose_weight_min?: number;
          dose_weight_max?: number;
        };
        Update: {
          id?: string;
          code?: string;
          name?: string;
          reviewer_visible_to_subject?: boolean;
          created_at?: string;
          reject_target_rate?: number;
          reject_investigate_above?: number;
          reject_investigate_below?: number;
          reject_flag_min_images?: number;
          dose_min_images?: number;
          dose_di_fine?: number;
          dose_di_attention?: number;
          dose_weight_min?: number;
          dose_weight_max?: number;
        };
        Relationships: [];
      };
      stations: {
        Row: {
          id: string;
          site_id: string;
          station_name: string;
          display_name: string | null;
          modality: string;
          manufacturer: string | null;
          model: string | null;
          tag_mapping: Json;
          active: boolean;
          created_at: string;
        };
        Insert: {
          id?: string;
          site_id: string;
          station_name: string;
          display_name?: string | null;
          modality: string;
          manufacturer?: string | null;
          model?: string | null;
          tag_mapping?: Json;
          active?: boolean;
          created_at?: string;
        };
        Update: {
          id?: string;
          site_id?: string;
          station_name?: string;
          display_name?: string | null;
          modality?: string;
          manufacturer?: string | null;
          model?: string | null;
          tag_mapping?: Json;
          active?: boolean;
          created_at?: string;
        };
        Relationships: [];
      };
    };
    Views: {
      quality_action_overview: {
        Row: {
          id: string | null;
          site_id: string | null;
          title: string | null;
          description: string | null;
          finding_kind: Database['public']['Enums']['finding_kind'] | null;
          finding_ref: string | null;
          finding_label: string | null;
          owner_id: string | null;
          due_date: string | null;
          state: Database['public']['Enums']['action_state'] | null;
          outcome: string | null;
          created_by: string | null;
          created_at: string | null;
          updated_at: string | null;
          completed_at: string | null;
          owner_name: string | null;
          overdue: boolean | null;
          on_time: boolean | null;
        };
        Relationships: [];
      };
      unmatched_operator_names: {
        Row: {
          site_id: string | null;
          raw_name: string | null;
          images: number | null;
          first_study: string | null;
          last_study: string | null;
        };
        Relationships: [];
      };
      unmatched_procedures: {
        Row: {
          site_id: string | null;
          study_description: string | null;
          protocol_name: string | null;
          images: number | null;
          first_study: string | null;
          last_study: string | null;
        };
        Relationships: [];
      };
    };
    Functions: {
      add_lesson_case: {
        Args: {
          lesson: string;
          sop_instance_uids: string[];
          teaching_point?: string;
          origin?: string;
        };
        Returns: string;
      };
      adopt_reference_value: {
        Args: {
          value_id: string;
          procedure_id: string;
        };
        Returns: string;
      };
      close_evaluation: {
        Args: {
          evaluation: string;
        };
        Returns: undefined;
      };
      count_sample_candidates: {
        Args: {
          use: Database['public']['Enums']['evaluation_use'];
          subject_person_id: string;
          filter: Json;
        };
        Returns: number;
      };
      count_sample_units: {
        Args: {
          use: Database['public']['Enums']['evaluation_use'];
          subject_person_id: string;
          filter: Json;
        };
        Returns: { units: number | null; images: number | null; series: number | null; studies: number | null }[];
      };
      coverage_matrix: {
        Args: {
          period_from: string;
          period_to: string;
        };
        Returns: { person_id: string | null; display_name: string | null; procedure_id: string | null; procedure_code: string | null; procedure_name_nl: string | null; procedure_name_en: string | null; performed: number | null; self_evaluations: number | null; target: number | null; covered: boolean | null }[];
      };
      coverage_matrix_for_site: {
        Args: {
          site: string;
          period_from: string;
          period_to: string;
        };
        Returns: { person_id: string | null; display_name: string | null; procedure_id: string | null; procedure_code: string | null; procedure_name_nl: string | null; procedure_name_en: string | null; performed: number | null; self_evaluations: number | null; target: number | null; covered: boolean | null }[];
      };
      department_report: {
        Args: {
          period_from: string;
          period_to: string;
        };
        Returns: Json;
      };
      department_report_for_site: {
        Args: {
          site: string;
          period_from: string;
          period_to: string;
        };
        Returns: Json;
      };
      dose_acquisition: {
        Args: {
          filter: Json;
        };
        Returns: { station_name: string | null; room_label: string | null; procedure_code: string | null; view_position: string | null; n: number | null; median_kvp: number | null; median_exposure_mas: number | null; median_distance_source_detector_mm: number | null; di_fine: number | null; di_attention: number | null; di_action: number | null; di_unknown: number | null }[];
      };
      dose_analysis: {
        Args: {
          quantity: string;
          dimension: string;
          period: string;
          filter: Json;
        };
        Returns: unknown[];
      };
      dose_analysis_for_site: {
        Args: {
          site: string;
          quantity: string;
          dimension: string;
          period: string;
          filter: Json;
        };
        Returns: unknown[];
      };
      dose_exposures_above_drl: {
        Args: {
          quantity: string;
          filter: Json;
          max_rows?: number;
        };
        Returns: { image_id: string | null; sop_instance_uid: string | null; series_instance_uid: string | null; study_instance_uid: string | null; study_date: string | null; modality: string | null; station_name: string | null; room_label: string | null; procedure_code: string | null; view_position: string | null; patient_age_years: number | null; patient_weight_kg: number | null; rejected: boolean | null; unit: string | null; value: number | null; drl: number | null; target: number | null; reference_set: string | null; percent_of_drl: number | null }[];
      };
      draw_sample: {
        Args: {
          use: Database['public']['Enums']['evaluation_use'];
          subject_person_id: string;
          filter: Json;
          sample_size: number;
          seed: number;
        };
        Returns: { image_id: string | null; position: number | null }[];
      };
      evaluation_answer_rows: {
        Args: {
          evaluation: string;
        };
        Returns: { item_id: string | null; item_position: number | null; item_state: Database['public']['Enums']['item_state'] | null; study_date: string | null; modality: string | null; view_position: string | null; procedure_code: string | null; procedure_name_nl: string | null; procedure_name_en: string | null; room: string | null; criterion_code: string | null; criterion_position: number | null; criterion_kind: Database['public']['Enums']['criterion_kind'] | null; criterion_label_nl: string | null; criterion_label_en: string | null; value: string | null; answer_label_nl: string | null; answer_label_en: string | null; met: boolean | null; remark: string | null }[];
      };
      evaluation_answer_rows_for_site: {
        Args: {
          site: string;
          evaluation: string;
        };
        Returns: { item_id: string | null; item_position: number | null; item_state: Database['public']['Enums']['item_state'] | null; study_date: string | null; modality: string | null; view_position: string | null; procedure_code: string | null; procedure_name_nl: string | null; procedure_name_en: string | null; room: string | null; criterion_code: string | null; criterion_position: number | null; criterion_kind: Database['public']['Enums']['criterion_kind'] | null; criterion_label_nl: string | null; criterion_label_en: string | null; value: string | null; answer_label_nl: string | null; answer_label_en: string | null; met: boolean | null; remark: string | null }[];
      };
      evaluation_blinded: {
        Args: {
          evaluation: string;
        };
        Returns: boolean;
      };
      evaluation_reviewer: {
        Args: {
          evaluation: string;
        };
        Returns: { person_id: string | null; display_name: string | null }[];
      };
      evaluation_scores: {
        Args: {
          evaluation: string;
        };
        Returns: { id: string | null; evaluation_item_id: string | null; form_id: string | null; criterion_id: string | null; value: string | null; comment: string | null; created_at: string | null; updated_at: string | null }[];
      };
      evaluation_summary: {
        Args: {
          evaluation: string;
        };
        Returns: Json;
      };
      evaluation_worklist: {
        Args: {
          evaluation: string;
        };
        Returns: { item_id: string | null; position: number | null; state: Database['public']['Enums']['item_state'] | null; image_id: string | null; form_id: string | null; sop_instance_uid: string | null; series_instance_uid: string | null; study_instance_uid: string | null; study_date: string | null; modality: string | null; view_position: string | null; procedure_code: string | null; procedure_name_nl: string | null; procedure_name_en: string | null; station_name: string | null; operator_names: string[] | null; unit: Database['public']['Enums']['item_unit'] | null; series_images: number | null }[];
      };
      image_dose_reference: {
        Args: {
          sop_instance_uid: string;
        };
        Returns: { quantity: string | null; value: number | null; unit: string | null; drl: number | null; target: number | null; reference_set: string | null; reference_label: string | null; source: string | null; reference_weight_kg: number | null; reason: string | null; status: string | null; percent_of_drl: number | null }[];
      };
      image_reject_status: {
        Args: {
          sop_instance_uid: string;
        };
        Returns: { image_id: string | null; rejected: boolean | null; reject_source: string | null; iocm_title: string | null; noted_on: string | null; reason_id: string | null; reason_code: string | null; reason_nl: string | null; reason_en: string | null; reason_category: string | null; reason_source: string | null; comment: string | null; recorded_at: string | null; may_record: boolean | null; may_mark: boolean | null; may_unmark: boolean | null }[];
      };
      import_lesson: {
        Args: {
          title: string;
          cases: Json;
          description?: string;
        };
        Returns: Json;
      };
      ingest_records: {
        Args: {
          site: string;
          records: Json;
        };
        Returns: Json;
      };
      lesson_list: {
        Args: Record<PropertyKey, never>;
        Returns: { id: string | null; title: string | null; description: string | null; shared: boolean | null; mine: boolean | null; case_count: number | null; image_count: number | null; updated_at: string | null }[];
      };
      lesson_presentation: {
        Args: {
          lesson: string;
        };
        Returns: Json;
      };
      mark_rejected: {
        Args: {
          image: string;
          reason: string;
          comment?: string;
        };
        Returns: undefined;
      };
      move_lesson_case: {
        Args: {
          lesson_case: string;
          position: number;
        };
        Returns: undefined;
      };
      peer_review_coverage: {
        Args: {
          period_from: string;
          period_to: string;
        };
        Returns: { person_id: string | null; display_name: string | null; performed: number | null; peer_reviews: number | null; last_review: string | null; target: number | null; due: boolean | null }[];
      };
      peer_review_coverage_for_site: {
        Args: {
          site: string;
          period_from: string;
          period_to: string;
        };
        Returns: { person_id: string | null; display_name: string | null; performed: number | null; peer_reviews: number | null; last_review: string | null; target: number | null; due: boolean | null }[];
      };
      personal_report: {
        Args: {
          person: string;
          period_from: string;
          period_to: string;
        };
        Returns: Json;
      };
      personal_report_for_site: {
        Args: {
          site: string;
          person: string;
          period_from: string;
          period_to: string;
        };
        Returns: Json;
      };
      quality_indicators: {
        Args: {
          period_from?: string;
          period_to?: string;
          per?: string;
        };
        Returns: unknown[];
      };
      quality_indicators_for_site: {
        Args: {
          site: string;
          period_from?: string;
          period_to?: string;
          per?: string;
        };
        Returns: unknown[];
      };
      quarantine_files: {
        Args: {
          site: string;
          entries: Json;
        };
        Returns: number;
      };
      record_evaluation_export: {
        Args: {
          evaluation: string;
          format: string;
        };
        Returns: undefined;
      };
      record_reject_reason: {
        Args: {
          image: string;
          reason: string;
          comment?: string;
        };
        Returns: undefined;
      };
      reject_analysis: {
        Args: {
          dimension: string;
          period: string;
          filter: Json;
        };
        Returns: { scope: string | null; period_start: string | null; period_label: string | null; key: string | null; label: string | null; rejected: number | null; total: number | null; reject_rate: number | null; without_reason: number | null; reasons: Json | null; wasted_dap_gy_cm2: number | null; flag: string | null }[];
      };
      reject_analysis_for_site: {
        Args: {
          site: string;
          dimension: string;
          period: string;
          filter: Json;
        };
        Returns: { scope: string | null; period_start: string | null; period_label: string | null; key: string | null; label: string | null; rejected: number | null; total: number | null; reject_rate: number | null; without_reason: number | null; reasons: Json | null; wasted_dap_gy_cm2: number | null; flag: string | null }[];
      };
      reject_exposure: {
        Args: {
          filter: Json;
        };
        Returns: { room_key: string | null; room_label: string | null; reason_code: string | null; rejected: number | null; median_di_rejected: number | null; accepted: number | null; median_di_accepted: number | null }[];
      };
      reject_images: {
        Args: {
          filter: Json;
          rejected_only?: boolean;
          max_rows?: number;
        };
        Returns: { image_id: string | null; sop_instance_uid: string | null; study_instance_uid: string | null; series_instance_uid: string | null; study_date: string | null; modality: string | null; procedure_code: string | null; procedure_nl: string | null; procedure_en: string | null; view_position: string | null; station_name: string | null; room_label: string | null; age_band: string | null; rejected: boolean | null; reason_code: string | null; reason_nl: string | null; reason_en: string | null; reason_source: string | null; deviation_index: number | null; dap_gy_cm2: number | null }[];
      };
      rejects_to_explain: {
        Args: Record<PropertyKey, never>;
        Returns: { image_id: string | null; sop_instance_uid: string | null; study_instance_uid: string | null; series_instance_uid: string | null; study_date: string | null; modality: string | null; procedure_code: string | null; procedure_nl: string | null; procedure_en: string | null; view_position: string | null; station_name: string | null; room_label: string | null; reject_source: string | null; iocm_title: string | null; noted_on: string | null; suggested_reason_id: string | null; suggested_reason_code: string | null }[];
      };
      remap_site: {
        Args: {
          site: string;
        };
        Returns: Json;
      };
      remove_lesson_case: {
        Args: {
          lesson_case: string;
        };
        Returns: undefined;
      };
      remove_site_reference: {
        Args: {
          id: string;
        };
        Returns: undefined;
      };
      save_report_recommendations: {
        Args: {
          kind: string;
          person: string;
          period_from: string;
          period_to: string;
          text: string;
        };
        Returns: unknown;
      };
      save_scoring_form: {
        Args: {
          form: Json;
        };
        Returns: string;
      };
      score_statistics: {
        Args: {
          dimension: string;
          period: string;
          filter: Json;
        };
        Returns: { period_start: string | null; group_key: string | null; group_label: string | null; criterion_code: string | null; criterion_label_nl: string | null; criterion_label_en: string | null; answered: number | null; met: number | null; share_met: number | null }[];
      };
      set_site_reference: {
        Args: {
          procedure_id: string;
          quantity: Database['public']['Enums']['dose_quantity'];
          published_value: number;
          published_unit: string;
          source: string;
          published_target?: number;
          view_position?: string;
          age_min?: number;
          age_max?: number;
          label?: string;
          valid_from?: string;
          valid_to?: string;
          source_url?: string;
          notes?: string;
          thickness_mm?: number;
          id?: string;
        };
        Returns: string;
      };
      start_evaluation: {
        Args: {
          use: Database['public']['Enums']['evaluation_use'];
          name: string;
          subject_person_id: string;
          filter: Json;
          sample_size: number;
          blind?: boolean;
          seed?: number;
        };
        Returns: { evaluation_id: string | null; requested: number | null; drawn: number | null; available: number | null }[];
      };
      unmark_rejected: {
        Args: {
          image: string;
        };
        Returns: undefined;
      };
    };
    Enums: {
      action_state: 'planned' | 'in_progress' | 'checking' | 'done' | 'cancelled';
      alias_field: 'study_description' | 'protocol_name' | 'series_description';
      criterion_kind: 'yes_no_na' | 'scale' | 'choice' | 'comment' | 'grade';
      dose_quantity: 'dap' | 'ctdivol' | 'dlp' | 'organ_dose';
      evaluation_status: 'open' | 'closed';
      evaluation_use: 'self' | 'peer' | 'quality';
      finding_kind: 'reject_analysis' | 'dose_analysis' | 'evaluation' | 'lesson' | 'report' | 'indicator' | 'other';
      image_source: 'file' | 'dicomweb' | 'demo';
      iqs_role: 'radiographer' | 'reviewer' | 'quality_officer' | 'admin';
      item_state: 'to_do' | 'scored' | 'skipped';
      item_unit: 'image' | 'series';
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
};

export type Tables<T extends keyof Database['public']['Tables']> = Database['public']['Tables'][T]['Row'];
export type Enums<T extends keyof Database['public']['Enums']> = Database['public']['Enums'][T];
