export {
  type SupabaseAuthLike,
  type SupabaseSessionLike,
  type SupabaseSessionResult,
  supabaseTokenSource,
} from "./source";
